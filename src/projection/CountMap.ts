import type { CountMap } from "./StateSchema.ts"

/**
 * Binary search over items sorted by a string key (plain `<`, no locale, so
 * the order is the same on every runtime). Returns the index of `key`, or
 * its insertion point as `-(index + 1)`.
 */
export const findSorted = <A>(items: ReadonlyArray<A>, keyOf: (a: A) => string, key: string): number => {
  let low = 0
  let high = items.length - 1
  while (low <= high) {
    const mid = (low + high) >>> 1
    const probe = keyOf(items[mid]!)
    if (probe === key) return mid
    if (probe < key) low = mid + 1
    else high = mid - 1
  }
  return -(low + 1)
}

/** Replaces, inserts (`at` < 0) or removes (`item` undefined) one item of a sorted array. */
export const patchSorted = <A>(items: ReadonlyArray<A>, at: number, item: A | undefined): ReadonlyArray<A> => {
  const index = at < 0 ? -at - 1 : at
  const tail = items.slice(at < 0 ? index : index + 1)
  return item === undefined ? [...items.slice(0, index), ...tail] : [...items.slice(0, index), item, ...tail]
}

/** Adds `delta` to `key`; a count that reaches 0 drops out, so equal multisets are equal arrays. */
export const bump = (map: CountMap, key: string, delta: number): CountMap => {
  const at = findSorted(map, ([k]) => k, key)
  const count = (at < 0 ? 0 : map[at]![1]) + delta
  if (at < 0 && count <= 0) return map
  return patchSorted(map, at, count > 0 ? ([key, count] as const) : undefined)
}

export const keysOf = (map: CountMap): ReadonlyArray<string> => map.map(([key]) => key)
