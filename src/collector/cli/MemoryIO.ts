// Node platform code: runs the CLI in this process over in-memory streams (node:stream).
import { PassThrough, Writable } from "node:stream"
import { Effect } from "effect"
import { runCli } from "./Cli.ts"

export interface MemoryRun {
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

export interface MemoryOptions {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly stdin?: string
  readonly cwd?: string
}

const collector = (into: Array<Buffer>) =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      into.push(chunk)
      done()
    }
  })

/**
 * `aispm-collect <argv…>` without a process of its own (the demo drives
 * every source this way): same commands, stdin given as text, stdout and
 * stderr captured. Hooks should use AISPM_HOOK_DELIVERY=inline or spool here.
 */
export const runCliInMemory = (argv: ReadonlyArray<string>, options: MemoryOptions): Effect.Effect<MemoryRun> =>
  Effect.suspend(() => {
    const stdin = new PassThrough()
    stdin.end(options.stdin ?? "")
    const out: Array<Buffer> = []
    const err: Array<Buffer> = []
    const io = { env: options.env, cwd: options.cwd ?? process.cwd(), stdin, stdout: collector(out), stderr: collector(err) }
    return Effect.map(runCli(argv, io), (exitCode) => ({
      exitCode,
      stdout: Buffer.concat(out).toString("utf8"),
      stderr: Buffer.concat(err).toString("utf8")
    }))
  })
