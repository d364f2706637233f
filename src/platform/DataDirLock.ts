// Node platform code: one engine per embedded data folder.
import { open, readFile, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"

interface LockRecord {
  readonly pid: number
  /** The socket folder this engine serves the store on; removed by whoever takes over a stale lock. */
  readonly socketDir?: string
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Takes `<root>/engine.lock`. PGlite is one process's database: a second
 * engine on the same folder would hand out the same sequence numbers and
 * one of them would lose what it acknowledged. A lock left by a process that
 * is gone (kill -9) is taken over, and its socket folder removed.
 */
export const lockDataDir = async (root: string): Promise<{ readonly path: string; readonly note: (socketDir: string) => Promise<void> }> => {
  const path = join(root, "engine.lock")
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600)
      await handle.writeFile(JSON.stringify({ pid: process.pid } satisfies LockRecord))
      await handle.close()
      return { path, note: (socketDir) => writeFile(path, JSON.stringify({ pid: process.pid, socketDir } satisfies LockRecord)) }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e
      const held = await readFile(path, "utf8").then((t) => JSON.parse(t) as LockRecord).catch(() => undefined)
      if (held !== undefined && held.pid !== process.pid && alive(held.pid)) {
        throw new Error(`another engine (pid ${held.pid}) is using ${root}; stop it first or set another AISPM_DATA_DIR`)
      }
      if (held?.socketDir !== undefined) await rm(held.socketDir, { recursive: true, force: true })
      await rm(path, { force: true })
    }
  }
  throw new Error(`cannot take ${path}`)
}
