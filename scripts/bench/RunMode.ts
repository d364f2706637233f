import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startServer } from "./Child.ts"
import { benchAdminUrl, freshDatabase } from "./Database.ts"
import type { Mode } from "./Modes.ts"
import { Payloads } from "./Payloads.ts"
import { Recorder } from "./Recorder.ts"

export type Store = "embedded" | "postgres"

export interface RunSettings {
  readonly store: Store
  readonly tenants: number
  readonly warmupSeconds: number
  readonly seconds: number
  readonly maxEvents: number
  readonly envelopeBytes: number
  /** Folder for the engine's V8 CPU profiles, when profiling. */
  readonly profileDir?: string
}

export interface ModeResult {
  readonly mode: string
  readonly store: Store
  readonly shape: string
  readonly eventsPerSecond: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly accepted: number
  readonly refused: number
  readonly peakRssMiB: number | null
  /** Server CPU over the measured window, in % of one core. */
  readonly serverCpuPercent: number | null
  readonly envelopeBytes: number
  /** Where the engine's CPU profile went and how many seconds of boot and warm-up to skip in it. */
  readonly profile?: { readonly dir: string; readonly skipSeconds: number }
}

const sampleCpu = (cpu: () => number | undefined, at: number) =>
  new Promise<number | undefined>((resolve) => setTimeout(() => resolve(cpu()), Math.max(0, at - performance.now())))

/** One mode against a fresh server child on a fresh store; the child, its store and folder are gone afterwards. */
export const runMode = async (mode: Mode, s: RunSettings): Promise<ModeResult> => {
  const dataDir = mkdtempSync(join(tmpdir(), `aispm-bench-${mode.name}-`))
  const db = s.store === "postgres" ? await freshDatabase(benchAdminUrl()) : undefined
  const tenants = Array.from({ length: s.tenants }, (_, i) => `tenant:bench-${i}`)
  try {
    // One folder per run: the tsx loader's worker thread writes a profile of its own beside the main thread's.
    const profileDir = s.profileDir === undefined || mode.server !== "engine" ? undefined : join(s.profileDir, `${mode.name}-${s.store}`)
    const nodeArgs = profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]
    const spawnedAt = performance.now()
    const server = await startServer({ kind: mode.server, dataDir, tenants, ...(db ? { databaseUrl: db.url } : {}) }, nodeArgs)
    try {
      const targets = tenants.map((tenantRef, i) => ({
        port: server.port,
        token: server.tokens[i] ?? "",
        payloads: new Payloads(tenantRef, `${mode.name}${i}`, s.envelopeBytes)
      }))
      const rec = new Recorder(s.warmupSeconds * 1000, s.seconds * 1000, s.maxEvents)
      const cpuStart = sampleCpu(server.cpuSeconds, rec.windowStart)
      const cpuEnd = sampleCpu(server.cpuSeconds, rec.windowEnd)
      await mode.drive(targets, rec)
      const [c0, c1] = await Promise.all([cpuStart, cpuEnd])
      const r = rec.result()
      return {
        mode: mode.name,
        store: s.store,
        shape: mode.shape,
        eventsPerSecond: r.eventsPerSecond,
        p50Ms: r.p50,
        p99Ms: r.p99,
        accepted: r.accepted,
        refused: r.refused,
        peakRssMiB: server.peakRssMiB() ?? null,
        serverCpuPercent: c0 === undefined || c1 === undefined ? null : (100 * (c1 - c0)) / s.seconds,
        envelopeBytes: targets[0]!.payloads.averageBytes,
        ...(profileDir === undefined ? {} : { profile: { dir: profileDir, skipSeconds: Math.ceil((rec.windowStart - spawnedAt) / 1000) } })
      }
    } finally {
      await server.stop()
    }
  } finally {
    await db?.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
