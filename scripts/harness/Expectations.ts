import type { ItemOutcome } from "../../src/ingest/IngestResult.ts"
import type { StreamItem } from "../generator/index.ts"

export interface OutcomeCounts {
  readonly accepted: number
  readonly duplicates: number
  readonly rejected: Readonly<Record<string, number>>
}

export const countOutcomes = (outcomes: ReadonlyArray<ItemOutcome>): OutcomeCounts => {
  let accepted = 0
  let duplicates = 0
  const rejected: Record<string, number> = {}
  for (const o of outcomes) {
    if (o._tag === "Refused") rejected[o.error.code] = (rejected[o.error.code] ?? 0) + 1
    else if (o.ack.status === "accepted") accepted++
    else duplicates++
  }
  const sorted = Object.fromEntries(Object.entries(rejected).sort(([a], [b]) => (a < b ? -1 : 1)))
  return { accepted, duplicates, rejected: sorted }
}

const describe = (o: ItemOutcome | undefined): string => {
  if (o === undefined) return "no outcome"
  if (o._tag === "Refused") return `rejected ${o.error.code}${o.error.field === undefined ? "" : ` at ${o.error.field}`}`
  return `${o.ack.status} seq ${o.ack.seq}`
}

/**
 * Where the engine's answer differs from what the generator says the item
 * is: a new event must be accepted, a re-emitted one reported as a duplicate
 * of the original's sequence number, a broken one refused with the
 * generator's reason code and field. Each difference is a sentence.
 */
export const expectationMismatches = (
  items: ReadonlyArray<StreamItem>,
  outcomes: ReadonlyArray<ItemOutcome>
): ReadonlyArray<string> => {
  const out: Array<string> = []
  items.forEach((item, i) => {
    const got = outcomes[i]
    const mismatch = (expected: string) => out.push(`item ${i}: expected ${expected}, got ${describe(got)}`)
    switch (item.kind) {
      case "event":
        if (got?._tag !== "Acked" || got.ack.status !== "accepted") mismatch("accepted")
        return
      case "duplicate": {
        const original = outcomes[item.of]
        const seq = original?._tag === "Acked" ? original.ack.seq : undefined
        if (got?._tag !== "Acked" || got.ack.status !== "duplicate" || got.ack.seq !== seq) {
          mismatch(`duplicate of item ${item.of} (seq ${seq ?? "?"})`)
        }
        return
      }
      case "invalid":
        if (got?._tag !== "Refused" || got.error.code !== item.reason || got.error.field !== item.field) {
          mismatch(`rejected ${item.reason} at ${item.field}`)
        }
        return
    }
  })
  return out
}
