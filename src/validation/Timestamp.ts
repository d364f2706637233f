/**
 * RFC 3339 date-time to epoch milliseconds. `Date.parse` is not enough: the
 * schema's `date-time` format (ajv-formats) also admits a space or lower-case
 * `t` separator, `+hhmm` / `+hh` offsets and leap seconds, which engines parse
 * inconsistently or not at all. Returns `undefined` for anything else.
 */
const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)[t\s](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(z|([+-])(\d\d)(?::?(\d\d))?)$/i

export const parseDateTimeMillis = (text: string): number | undefined => {
  const m = RFC3339.exec(text)
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s, frac = "", zone = "", sign, oh = "0", om = "0"] = m
  const date = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d))
  // A leap second (:60) lands on the first instant of the next minute.
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(frac.padEnd(3, "0").slice(0, 3)))
  const utc = date.getTime()
  if (Number.isNaN(utc)) return undefined
  if (zone.toLowerCase() === "z") return utc
  const offsetMinutes = (Number(oh) * 60 + Number(om)) * (sign === "-" ? -1 : 1)
  return utc - offsetMinutes * 60_000
}
