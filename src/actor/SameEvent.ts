import { Conflict } from "../domain/Errors.ts"
import { canonicalJson } from "../integrity/CanonicalJson.ts"

/** How a new envelope matched one already stored (or earlier in its batch). */
export type MatchedBy = "event_id" | "idempotency_key"

type Loose = { readonly event?: Record<string, unknown> }

/**
 * What makes two envelopes one event: everything but the transport block
 * (retry count, send time) and the times of observation. A collector derives
 * its event ids from what it saw, so reading the same record again later
 * gives the same id with a later `occurred_at`: still the same event.
 * Matched by idempotency key, the event id may differ too: that is what the
 * key is for.
 */
const content = (envelope: unknown, matchedBy: MatchedBy): string => {
  const { transport: _transport, event = {}, ...rest } = envelope as Loose & Record<string, unknown>
  const { occurred_at: _occurred, received_at: _received, event_id: id, ...what } = event
  return canonicalJson({ ...rest, event: matchedBy === "event_id" ? { ...what, event_id: id } : what })
}

/** Whether a duplicate is a retry of the stored event rather than another event under its id or key. */
export const sameEvent = (stored: unknown, incoming: unknown, matchedBy: MatchedBy): boolean =>
  content(stored, matchedBy) === content(incoming, matchedBy)

/**
 * 409: the id or key is taken by an event with other content. Answering
 * `duplicate` would silently drop this one (and let a collector pre-empt
 * another's events); it is refused, counted and kept by the collector.
 */
// The refusal names neither the stored event nor its seq: a collector scoped to other repositories learns only that the id is taken.
export const conflictWith = (matchedBy: MatchedBy): Conflict =>
  new Conflict({
    code: matchedBy === "event_id" ? "event_id_conflict" : "idempotency_key_conflict",
    message: `${matchedBy === "event_id" ? "event.event_id" : "transport.idempotency_key"} is already taken by an event ` +
      "with different content; a retry must resend the same event",
    field: matchedBy === "event_id" ? "event.event_id" : "transport.idempotency_key"
  })
