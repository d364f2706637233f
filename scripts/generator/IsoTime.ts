const dayMs = 86_400_000
const lastRepresentable = 253_402_300_800_000 // 10000-01-01: past it toISOString uses a six-digit year

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`)
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`)

let dayStart = Number.NaN
let dayPrefix = ""

/**
 * Same string as `new Date(ms).toISOString()`, about four times cheaper: a
 * generated stream stays within a few days, so the date part is formatted
 * once per day and only the time of day per call. Benchmarks generate
 * hundreds of thousands of envelopes with two timestamps each.
 */
export const isoUtc = (ms: number): string => {
  if (!(ms >= 0 && ms < lastRepresentable)) return new Date(ms).toISOString()
  if (!(ms >= dayStart && ms < dayStart + dayMs)) {
    dayStart = ms - (ms % dayMs)
    dayPrefix = new Date(dayStart).toISOString().slice(0, 11)
  }
  let rest = Math.floor(ms) - dayStart
  const h = Math.floor(rest / 3_600_000)
  rest -= h * 3_600_000
  const m = Math.floor(rest / 60_000)
  rest -= m * 60_000
  const s = Math.floor(rest / 1000)
  return `${dayPrefix}${two(h)}:${two(m)}:${two(s)}.${three(rest - s * 1000)}Z`
}
