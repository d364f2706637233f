// Node platform code: reads a source's native input from a file or stdin (node:fs, node:zlib).
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { gunzipSync } from "node:zlib"
import { Clock, Effect } from "effect"
import { InvalidRequest } from "../../domain/Errors.ts"
import { type CliIO, readStdin } from "./CliIO.ts"

const unreadable = (file: string, reason: string) =>
  new InvalidRequest({ code: "input_unreadable", message: `${file}: ${reason}`, field: file })

const describe = (e: unknown) => (e instanceof Error ? e.message.replace(/^[A-Z]+: /, "") : String(e))

/** A file's bytes as text; gzip (CloudTrail log files are delivered gzipped) is inflated. */
export const readFileText = (io: CliIO, file: string): Effect.Effect<string, InvalidRequest> =>
  Effect.gen(function* () {
    const full = path.resolve(io.cwd, file)
    const bytes = yield* Effect.tryPromise({ try: () => fs.readFile(full), catch: (e) => unreadable(file, describe(e)) })
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes.toString("utf8")
    return yield* Effect.try({ try: () => gunzipSync(bytes).toString("utf8"), catch: () => unreadable(file, "not valid gzip") })
  })

/** The input of a file-or-stdin source: the positional file when given, else all of stdin. */
export const readInput = (io: CliIO, file: string | undefined): Effect.Effect<string, InvalidRequest> =>
  file === undefined || file === "-" ? readStdin(io) : readFileText(io, file)

export const nowIso: Effect.Effect<string> = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())
