import { parseDateTimeMillis } from "../domain/DateTime.ts"

/**
 * Timestamps are compared as strings downstream (ordering, windows, late
 * detection), so every one is brought to the single form
 * `YYYY-MM-DDTHH:mm:ss.sssZ` in UTC. Text that is not a date-time is
 * returned unchanged: the validator rejects it before this stage, and a pure
 * normalizer must not invent a time.
 */
export const normalizeTimestamp = (s: string): string => {
  const ms = parseDateTimeMillis(s)
  return ms === undefined ? s : new Date(ms).toISOString()
}
