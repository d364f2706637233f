/**
 * Timestamps are compared as strings downstream (ordering, windows, late
 * detection), so every one is brought to the single form
 * `YYYY-MM-DDTHH:mm:ss.sssZ` in UTC.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

/**
 * Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when it
 * is not one (or names a day that does not exist). Fractions of any length are
 * truncated (not rounded) to milliseconds; integer arithmetic keeps that exact.
 */
export const timestampMillis = (s: string): number | undefined => {
  const m = RFC3339.exec(s.trim())
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number
  ]
  const millis = Number((m[7] ?? "").slice(0, 3).padEnd(3, "0"))
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined
  const offsetHours = Number(m[10] ?? "0")
  const offsetMinutes = Number(m[11] ?? "0")
  if (offsetHours > 23 || offsetMinutes > 59) return undefined
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  const sign = m[9] === "-" ? -1 : 1
  const offset = m[8] === undefined ? sign * (offsetHours * 60 + offsetMinutes) : 0
  // A leap second (:60) lands on the next second, the best a millisecond clock can say.
  return date.getTime() + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis
}

/**
 * One UTC ISO form. Input that is not RFC 3339 is returned unchanged: the
 * validator rejects it before this stage, and a pure normalizer must not
 * invent a time.
 */
export const normalizeTimestamp = (s: string): string => {
  const ms = timestampMillis(s)
  return ms === undefined ? s : new Date(ms).toISOString()
}
