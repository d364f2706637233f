import { parseDateTimeMillis } from "../domain/DateTime.ts"

const NORMALIZED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/**
 * The engine stores timestamps as `YYYY-MM-DDTHH:mm:ss.sssZ`, where string
 * order is time order. This guard keeps that true for anything else handed
 * to the projection (a hand-built event in a test or a script): other
 * parseable forms are brought to the same form; unparseable text is kept.
 */
export const normalizedInstant = (text: string): string => {
  if (NORMALIZED.test(text)) return text
  const millis = parseDateTimeMillis(text)
  return millis === undefined ? text : new Date(millis).toISOString()
}
