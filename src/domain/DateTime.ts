/**
 * The one reader of envelope timestamps. It accepts exactly what the
 * contract's `date-time` format (ajv-formats, full mode) accepts: a `T`, `t`
 * or any single white-space separator, fractions of any length, `Z` or an
 * offset written `+hh:mm`, `+hhmm` or `+hh`, leap seconds. Validation, the
 * normalizer and every figure computed from a timestamp go through it, so a
 * time the schema admits can never be one the engine cannot read.
 */
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt\s](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([Zz])|([+-])(\d\d)(?::?(\d\d))?)$/

/**
 * Milliseconds since the epoch, or undefined when the text is not such a
 * date-time (or names a day or time that does not exist). Fractions are
 * truncated, not rounded, to milliseconds; a leap second (:60) lands on the
 * next second, the best a millisecond clock can say.
 */
export const parseDateTimeMillis = (text: string): number | undefined => {
  const m = DATE_TIME.exec(text)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number
  ]
  const millis = Number((m[7] ?? "").slice(0, 3).padEnd(3, "0"))
  const offsetHours = Number(m[10] ?? "0")
  const offsetMinutes = Number(m[11] ?? "0")
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined
  if (offsetHours > 23 || offsetMinutes > 59) return undefined
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  const offset = m[8] === undefined ? (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) : 0
  return date.getTime() + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis
}

/** The first and last instants an envelope may name (UTC years 1970 to 9999). */
export const EARLIEST_MILLIS = Date.UTC(1970, 0, 1)
export const LATEST_MILLIS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
