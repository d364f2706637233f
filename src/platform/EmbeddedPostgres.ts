// Node platform code: PGlite served over a Unix socket in a private directory.
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Effect } from "effect"
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { lockDataDir } from "./DataDirLock.ts"

export interface EmbeddedPostgres {
  /** Directory holding `.s.PGSQL.5432`; libpq's convention: host = this directory, port 5432. */
  readonly socketDir: string
  readonly port: number
  readonly maxConnections: number
}

/**
 * Starts PGlite on `<dataDir>/pg` and serves it on a Unix socket inside a
 * fresh 0700 directory. No TCP port is opened: trust auth on loopback would
 * let any local process read every tenant. The folder is locked to this
 * process (see DataDirLock). Closed when the scope closes.
 */
export const startEmbeddedPostgres = (dataDir: string, maxConnections = 1) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const root = resolve(dataDir)
        await mkdir(root, { recursive: true, mode: 0o700 })
        await chmod(root, 0o700)
        const lock = await lockDataDir(root)
        try {
          const db = await PGlite.create(join(root, "pg"))
          const socketDir = await mkdtemp(join(tmpdir(), "aispm-pg-"))
          await chmod(socketDir, 0o700)
          await lock.note(socketDir)
          const server = new PGLiteSocketServer({ db, path: join(socketDir, ".s.PGSQL.5432"), maxConnections })
          await server.start()
          return { db, server, socketDir, lock: lock.path }
        } catch (e) {
          await rm(lock.path, { force: true })
          throw e
        }
      },
      catch: (cause) => new Error(`cannot start the embedded store in ${dataDir}: ${cause instanceof Error ? cause.message : String(cause)}`)
    }),
    ({ db, lock, server, socketDir }) =>
      Effect.promise(async () => {
        await server.stop()
        await db.close()
        await rm(socketDir, { recursive: true, force: true })
        await rm(lock, { force: true })
      })
  ).pipe(Effect.map(({ socketDir }): EmbeddedPostgres => ({ socketDir, port: 5432, maxConnections })))
