import type { ModeResult } from "./RunMode.ts"

const pad = (s: string, n: number) => s.padEnd(n)
const num = (n: number | null, digits = 0) => (n === null || Number.isNaN(n) ? "n/a" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }))

export const header = `${pad("mode", 13)}${pad("store", 10)}${"events/s".padStart(10)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}` +
  `${"peak RSS".padStart(10)}${"srv CPU".padStart(9)}${"vs ceiling".padStart(12)}  shape`

/** One table row; `ceiling` is the same store's ceiling rate. */
export const row = (r: ModeResult, ceiling: number | undefined): string =>
  `${pad(r.mode, 13)}${pad(r.store, 10)}${num(r.eventsPerSecond).padStart(10)}${num(r.p50Ms, 1).padStart(9)}` +
  `${num(r.p99Ms, 1).padStart(9)}${`${num(r.peakRssMiB)} MiB`.padStart(10)}${`${num(r.serverCpuPercent)}%`.padStart(9)}` +
  `${(ceiling === undefined || ceiling === 0 ? "n/a" : `${(r.eventsPerSecond / ceiling).toFixed(2)}x`).padStart(12)}  ${r.shape}` +
  (r.refused > 0 ? `  (${r.refused} refused)` : "")
