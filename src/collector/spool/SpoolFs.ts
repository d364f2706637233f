// Node platform code: the collector's spool lives on the local disk (node:fs).
import { Buffer } from "node:buffer"
import { constants } from "node:fs"
import * as fs from "node:fs/promises"
import { Effect } from "effect"
import { SpoolIOError } from "./SpoolErrors.ts"

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e))

const errorCode = (e: unknown): string | undefined =>
  e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : undefined

export const io = <A>(op: string, path: string, run: () => Promise<A>): Effect.Effect<A, SpoolIOError> =>
  Effect.tryPromise({ try: run, catch: (e) => new SpoolIOError({ op, path, message: describe(e) }) })

/** Like `io`, but a missing file is an answer (`undefined`), not a failure. */
export const ioMaybe = <A>(op: string, path: string, run: () => Promise<A>): Effect.Effect<A | undefined, SpoolIOError> =>
  Effect.tryPromise({
    try: async () => {
      try {
        return await run()
      } catch (e) {
        if (errorCode(e) === "ENOENT") return undefined
        throw e
      }
    },
    catch: (e) => new SpoolIOError({ op, path, message: describe(e) })
  })

/** Makes a rename or unlink durable: the directory entry itself is fsynced. */
export const syncDir = (dir: string): Effect.Effect<void, SpoolIOError> =>
  io("fsync-dir", dir, async () => {
    const handle = await fs.open(dir, constants.O_RDONLY)
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  })

/**
 * Appends `bytes` with one write(2) on an O_APPEND descriptor, then fsyncs.
 * One call per batch: a torn result (kill -9, power loss, ENOSPC) can only cut
 * the tail of this batch, which its caller never saw confirmed.
 */
export const appendDurable = (handle: fs.FileHandle, path: string, bytes: Uint8Array): Effect.Effect<void, SpoolIOError> =>
  io("append", path, async () => {
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length)
    if (bytesWritten !== bytes.length) throw new Error(`short write: ${bytesWritten} of ${bytes.length} bytes`)
    await handle.sync()
  })

/** Opens a shared log for appending, first ending a torn last line so the next record starts clean. */
export const appendToSharedLog = (path: string, text: string): Effect.Effect<void, SpoolIOError> =>
  Effect.acquireUseRelease(
    io("open", path, () => fs.open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600)),
    (handle) =>
      Effect.gen(function* () {
        const { size } = yield* io("stat", path, () => handle.stat())
        let prefix = ""
        if (size > 0) {
          const last = yield* io("read", path, async () => {
            const reader = await fs.open(path, constants.O_RDONLY)
            try {
              const b = Buffer.alloc(1)
              await reader.read(b, 0, 1, size - 1)
              return b[0]
            } finally {
              await reader.close()
            }
          })
          if (last !== 0x0a) prefix = "\n"
        }
        yield* appendDurable(handle, path, Buffer.from(prefix + text, "utf8"))
      }),
    closeQuietly
  )

/** Closing after use: a close error cannot lose data already fsynced, so it is not surfaced. */
export const closeQuietly = (handle: fs.FileHandle): Effect.Effect<void> =>
  Effect.promise(() => handle.close().catch(() => undefined))

/** Whether a process with this id still runs (EPERM: it runs under another user). */
export const processAlive = (pid: number): boolean => {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return errorCode(e) === "EPERM"
  }
}
