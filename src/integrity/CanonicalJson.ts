/**
 * Canonical JSON (RFC 8785 style for the values an envelope holds): object
 * keys sorted by UTF-16 code units, no whitespace, undefined members dropped.
 * The hash chain is computed over this form so that jsonb key reordering in
 * the store never changes a hash. Written as one string builder: it runs
 * once per stored event.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null"
  if (Array.isArray(value)) {
    let out = "["
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ","
      const item: unknown = value[i]
      out += item === undefined ? "null" : canonicalJson(item)
    }
    return `${out}]`
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).sort()
  let out = "{"
  let first = true
  for (const key of keys) {
    const item = record[key]
    if (item === undefined) continue
    if (!first) out += ","
    first = false
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`
  }
  return `${out}}`
}
