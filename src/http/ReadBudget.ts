import type { HttpServerRequest } from "@effect/platform"
import { Context } from "effect"

/**
 * A bound on what a WebSocket may send before a message completes. The
 * platform's socket reads a whole frame into memory before the engine sees
 * it (up to 100 MiB), so a frame's size limit is only a refusal after the
 * fact. Platforms that can see the connection count the bytes read since the
 * last delivered message and cut the connection past the budget.
 */
export interface ReadBudgetApi {
  /** Starts counting on this request's connection; call `delivered` for every message the socket hands over. */
  readonly watch: (request: HttpServerRequest.HttpServerRequest, maxBytes: number) => { readonly delivered: () => void }
}

export class ReadBudget extends Context.Reference<ReadBudget>()("ReadBudget", {
  defaultValue: (): ReadBudgetApi => ({ watch: () => ({ delivered: () => undefined }) })
}) {}
