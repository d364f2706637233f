// Node platform code: this process's own spool segment (node:fs).
import { constants } from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Clock, Effect, type Scope } from "effect"
import type { SpoolIOError } from "./SpoolErrors.ts"
import { newSegmentFile, sealedName } from "./SpoolFormat.ts"
import { appendDurable, closeQuietly, io, syncDir } from "./SpoolFs.ts"

interface OpenSegment {
  readonly file: string
  readonly handle: fs.FileHandle
  size: number
}

const randomHex = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(4))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
}

/**
 * The one segment this process appends to. It is created on the first write
 * (a status-only process leaves no file), sealed when it grows past
 * `segmentBytes`, after a failed write (so a torn tail is never followed by
 * more records) and when the scope closes.
 */
export const makeSegmentWriter = (
  segDir: string,
  segmentBytes: number
): Effect.Effect<{ readonly write: (bytes: Uint8Array) => Effect.Effect<void, SpoolIOError> }, never, Scope.Scope> =>
  Effect.gen(function* () {
    let current: OpenSegment | undefined
    let created = 0

    const seal: Effect.Effect<void, SpoolIOError> = Effect.suspend(() => {
      const seg = current
      if (seg === undefined) return Effect.void
      current = undefined
      const from = path.join(segDir, seg.file)
      return closeQuietly(seg.handle).pipe(
        Effect.zipRight(io("rename", from, () => fs.rename(from, path.join(segDir, sealedName(seg.file))))),
        Effect.zipRight(syncDir(segDir))
      )
    })

    const create: Effect.Effect<OpenSegment, SpoolIOError> = Effect.gen(function* () {
      const file = newSegmentFile(yield* Clock.currentTimeMillis, process.pid, created++, randomHex())
      const full = path.join(segDir, file)
      const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL
      const handle = yield* io("open", full, () => fs.open(full, flags, 0o600))
      // The new directory entry must survive a crash as much as the records in it.
      yield* syncDir(segDir)
      return { file, handle, size: 0 }
    })

    const write = (bytes: Uint8Array): Effect.Effect<void, SpoolIOError> =>
      Effect.gen(function* () {
        if (current !== undefined && current.size >= segmentBytes) yield* seal
        const seg = current ?? (yield* create)
        current = seg
        yield* appendDurable(seg.handle, path.join(segDir, seg.file), bytes).pipe(
          Effect.tapError(() => Effect.ignore(seal))
        )
        seg.size += bytes.length
      })

    // A seal that fails leaves an `.open` file whose pid dies with us; the next opener seals it.
    yield* Effect.addFinalizer(() => Effect.ignore(seal))
    return { write }
  })
