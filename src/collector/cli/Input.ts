// Node platform code: reads a source's native input from a file or stdin (node:fs, node:zlib).
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { gunzipSync } from "node:zlib"
import { Clock, Effect } from "effect"
import { InvalidRequest } from "../../domain/Errors.ts"
import { type CliIO, readStdinBytes } from "./CliIO.ts"

const unreadable = (file: string, reason: string) =>
  new InvalidRequest({ code: "input_unreadable", message: `${file}: ${reason}`, field: file })

const describe = (e: unknown) => (e instanceof Error ? e.message.replace(/^[A-Z]+: /, "") : String(e))

/** Bytes as text; gzip (CloudTrail log files are delivered gzipped) is inflated first. */
const textOf = (bytes: Buffer, name: string): Effect.Effect<string, InvalidRequest> =>
  bytes[0] !== 0x1f || bytes[1] !== 0x8b
    ? Effect.succeed(bytes.toString("utf8"))
    : Effect.try({ try: () => gunzipSync(bytes).toString("utf8"), catch: () => unreadable(name, "not valid gzip") })

export const readFileText = (io: CliIO, file: string): Effect.Effect<string, InvalidRequest> =>
  Effect.tryPromise({ try: () => fs.readFile(path.resolve(io.cwd, file)), catch: (e) => unreadable(file, describe(e)) }).pipe(
    Effect.flatMap((bytes) => textOf(bytes, file))
  )

/** The input of a file-or-stdin source: the positional file when given, else all of stdin. */
export const readInput = (io: CliIO, file: string | undefined): Effect.Effect<string, InvalidRequest> =>
  file === undefined || file === "-" ? Effect.flatMap(readStdinBytes(io), (bytes) => textOf(bytes, "stdin")) : readFileText(io, file)

export const nowIso: Effect.Effect<string> = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())
