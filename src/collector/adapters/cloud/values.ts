/** Narrowing helpers for provider state (`change.after`), which is untyped JSON. */
export type Json = Readonly<Record<string, unknown>>

export const isObject = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

export const list = (u: unknown): ReadonlyArray<unknown> => Array.isArray(u) ? u : []

export const objects = (u: unknown): ReadonlyArray<Json> => list(u).filter(isObject)

export const text = (u: unknown): string | undefined => typeof u === "string" ? u : undefined

export const texts = (u: unknown): ReadonlyArray<string> =>
  list(u).flatMap((x) => typeof x === "string" ? [x] : [])

export const int = (u: unknown): number | undefined => {
  const n = typeof u === "number" ? u : typeof u === "string" && u.trim() !== "" ? Number(u) : Number.NaN
  return Number.isInteger(n) ? n : undefined
}
