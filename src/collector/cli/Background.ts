// Node platform code: the background sender's lock file and its detached process (node:fs, node:child_process).
import { spawn } from "node:child_process"
import * as fs from "node:fs/promises"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Effect, Redacted } from "effect"
import { processAlive } from "../spool/SpoolFs.ts"
import type { CliIO } from "./CliIO.ts"
import type { Settings } from "./Settings.ts"

/**
 * One background sender per spool at a time: `sender.lock` holds its pid,
 * created with O_EXCL. A lock whose process is gone is taken over.
 */
const lockFile = (dir: string) => path.join(dir, "sender.lock")
const lastSendFile = (dir: string) => path.join(dir, "last-send.json")

const errno = (e: unknown): string | undefined =>
  e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : undefined

const lockHolder = async (dir: string): Promise<number | undefined> => {
  const text = await fs.readFile(lockFile(dir), "utf8").catch(() => undefined)
  const pid = text === undefined ? Number.NaN : Number(text.trim())
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
}

const tryCreate = async (dir: string): Promise<boolean> => {
  try {
    await fs.writeFile(lockFile(dir), String(process.pid), { flag: "wx", mode: 0o600 })
    return true
  } catch (e) {
    if (errno(e) !== "EEXIST") throw e
    return false
  }
}

/** Takes the sender lock; false when another live sender holds it. */
export const acquireSenderLock = (dir: string): Effect.Effect<boolean> =>
  Effect.tryPromise(async () => {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    if (await tryCreate(dir)) return true
    const holder = await lockHolder(dir)
    if (holder !== undefined && processAlive(holder)) return false
    // A dead sender's lock (or a half-written one): remove it and race for it once more.
    await fs.unlink(lockFile(dir)).catch(() => undefined)
    return tryCreate(dir)
  }).pipe(Effect.orElseSucceed(() => false))

export const releaseSenderLock = (dir: string): Effect.Effect<void> =>
  Effect.tryPromise(async () => {
    if ((await lockHolder(dir)) === process.pid) await fs.unlink(lockFile(dir)).catch(() => undefined)
  }).pipe(Effect.ignore)

export const senderRunning = (dir: string): Effect.Effect<boolean> =>
  Effect.tryPromise(async () => {
    const holder = await lockHolder(dir)
    return holder !== undefined && processAlive(holder)
  }).pipe(Effect.orElseSucceed(() => false))

/** What the last background send did, for `aispm-collect status` (nobody reads a detached process's stderr). */
export const writeLastSend = (dir: string, summary: Readonly<Record<string, unknown>>): Effect.Effect<void> =>
  Effect.tryPromise(() => fs.writeFile(lastSendFile(dir), `${JSON.stringify(summary)}\n`, { mode: 0o600 })).pipe(Effect.ignore)

export const readLastSend = (dir: string): Effect.Effect<unknown> =>
  Effect.tryPromise(() => fs.readFile(lastSendFile(dir), "utf8")).pipe(
    Effect.flatMap((text) => Effect.try((): unknown => JSON.parse(text))),
    Effect.orElseSucceed(() => null)
  )

/**
 * How this collector starts itself again: the bundle it runs from
 * (scripts/build-collector.mjs), or its TypeScript source through tsx.
 */
const selfCommand = (): ReadonlyArray<string> =>
  import.meta.url.endsWith(".ts")
    ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href, fileURLToPath(new URL("./main.ts", import.meta.url))]
    : [fileURLToPath(import.meta.url)]

/**
 * Starts `aispm-collect send --background` detached from this process (and
 * from the agent that ran the hook), unless a sender already runs. Settings
 * given as flags travel in the child's environment, never on its command
 * line (which any local user can read).
 */
export const spawnSender = (io: CliIO, s: Settings): Effect.Effect<void> =>
  Effect.flatMap(senderRunning(s.spoolDir), (running) =>
    running || s.url === undefined || s.token === undefined
      ? Effect.void
      : Effect.sync(() => {
          const child = spawn(process.execPath, [...selfCommand(), "send", "--background"], {
            cwd: io.cwd,
            detached: true,
            stdio: "ignore",
            env: {
              ...io.env,
              AISPM_URL: s.url,
              AISPM_TOKEN: s.token === undefined ? "" : Redacted.value(s.token),
              AISPM_SPOOL_DIR: s.spoolDir,
              ...(s.spoolMaxBytes === undefined ? {} : { AISPM_SPOOL_MAX_BYTES: String(s.spoolMaxBytes) })
            }
          })
          child.on("error", () => undefined)
          child.unref()
        })
  )
