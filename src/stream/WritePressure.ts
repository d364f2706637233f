import type { HttpServerRequest } from "@effect/platform"
import { Context, Effect } from "effect"

/**
 * Waits, before each streamed message, until the connection's own send
 * buffer has room. The platform's WebSocket writer never waits, so without
 * this a dashboard that stops reading would have every delta buffered in
 * memory instead of overflowing its bounded subscription (and being told to
 * resync). Platforms that can see the socket provide an implementation; the
 * default does not wait.
 */
export interface WritePressureApi {
  readonly forRequest: (request: HttpServerRequest.HttpServerRequest) => Effect.Effect<void>
}

export class WritePressure extends Context.Reference<WritePressure>()("WritePressure", {
  defaultValue: (): WritePressureApi => ({ forRequest: () => Effect.void })
}) {}
