import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import { Effect } from "effect"

/** A fresh directory removed when the test's scope closes. */
export const tempDir = (prefix: string) =>
  Effect.acquireRelease(
    Effect.promise(() => fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`))),
    (dir) => Effect.promise(() => fs.rm(dir, { recursive: true, force: true }))
  )

export const segmentFiles = (dir: string) =>
  Effect.promise(async () => (await fs.readdir(path.join(dir, "segments"))).sort())
