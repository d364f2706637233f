// Node platform code: the command-line collector's standard streams and environment (node:stream).
import type { Readable, Writable } from "node:stream"
import { Effect } from "effect"
import { InvalidRequest } from "../../domain/Errors.ts"

/**
 * Everything the CLI touches outside itself. `main.ts` binds it to the
 * process; tests and the demo run the same commands in process with their
 * own streams and environment.
 */
export interface CliIO {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  readonly stdin: Readable
  readonly stdout: Writable
  readonly stderr: Writable
}

export const nodeIO = (): CliIO => ({
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr
})

/** Writes without waiting: a reader that went away (EPIPE) must not hold up or fail the collector. */
const put = (stream: Writable, text: string): Effect.Effect<void> =>
  Effect.sync(() => {
    if (!stream.destroyed && !stream.writableEnded) stream.write(text)
  })

export const out = (io: CliIO, text: string): Effect.Effect<void> => put(io.stdout, text)

/** One diagnostic line on stderr, prefixed so it stands out in an agent's or runner's log. */
export const note = (io: CliIO, text: string): Effect.Effect<void> => put(io.stderr, `aispm-collect: ${text}\n`)

/** All of stdin (an interactive terminal gives nothing rather than waiting forever). */
export const readStdinBytes = (io: CliIO): Effect.Effect<Buffer, InvalidRequest> => {
  const input: Readable & { readonly isTTY?: boolean } = io.stdin
  if (input.isTTY === true) return Effect.succeed(Buffer.alloc(0))
  return Effect.async<Buffer, InvalidRequest>((resume) => {
    const chunks: Array<Buffer> = []
    const onData = (chunk: Buffer | string) => chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk)
    const onEnd = () => resume(Effect.succeed(Buffer.concat(chunks)))
    const onError = (e: Error) =>
      resume(Effect.fail(new InvalidRequest({ code: "input_unreadable", message: `stdin: ${e.message}` })))
    input.on("data", onData)
    input.once("end", onEnd)
    input.once("error", onError)
    return Effect.sync(() => {
      input.off("data", onData)
      input.off("end", onEnd)
      input.off("error", onError)
    })
  })
}
