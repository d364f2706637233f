import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { READY, type ServerReady, type ServerSpec } from "./Protocol.ts"

const serverScript = fileURLToPath(new URL("./server.ts", import.meta.url))

export interface ServerChild extends ServerReady {
  /** Peak resident set size of the child so far (VmHWM), in MiB; undefined off Linux. */
  readonly peakRssMiB: () => number | undefined
  /** User + system CPU seconds the child used so far; undefined off Linux. */
  readonly cpuSeconds: () => number | undefined
  readonly stop: () => Promise<void>
}

const clockTicks = 100

const procStatusKiB = (pid: number, field: string): number | undefined => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

const procCpuSeconds = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) / clockTicks
  } catch {
    return undefined
  }
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once("exit", () => resolve())
  })

/**
 * Starts a bench server in its own Node process (tsx loader, same node
 * binary) and resolves once it printed its ready line. `nodeArgs` go to
 * node itself (e.g. `--cpu-prof`).
 */
export const startServer = (spec: ServerSpec, nodeArgs: ReadonlyArray<string> = []): Promise<ServerChild> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", serverScript, JSON.stringify(spec)], {
      stdio: ["pipe", "pipe", "inherit"]
    })
    let buffered = ""
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("utf8")
      const line = buffered.split("\n").find((l) => l.startsWith(READY))
      if (line === undefined) return
      child.stdout?.off("data", onData)
      child.stdout?.resume()
      const ready = JSON.parse(line.slice(READY.length)) as ServerReady
      resolve({
        ...ready,
        peakRssMiB: () => {
          const kib = procStatusKiB(ready.pid, "VmHWM")
          return kib === undefined ? undefined : kib / 1024
        },
        cpuSeconds: () => procCpuSeconds(ready.pid),
        stop: async () => {
          const done = exited(child)
          child.kill("SIGTERM")
          const timer = setTimeout(() => child.kill("SIGKILL"), 20_000)
          await done
          clearTimeout(timer)
        }
      })
    }
    child.stdout?.on("data", onData)
    child.once("exit", (code) => reject(new Error(`${spec.kind} server exited with ${code} before it was ready`)))
    child.once("error", reject)
  })
