import { Effect } from "effect"
import { buildEnvelope, type CollectorContext } from "../EnvelopeBuilder.ts"
import type { Spool } from "../spool/Spool.ts"
import type { DraftSink } from "./McpProxy.ts"

/**
 * The proxy's production sink: each draft becomes a redacted contract
 * envelope, fsynced in the spool before the proxy moves on to the next one.
 * A full spool fails the draft (reported on stderr), never the relay.
 */
export const spoolSink =
  (spool: Spool, ctx: CollectorContext): DraftSink =>
  (draft) =>
    Effect.flatMap(buildEnvelope({ ...ctx, ingressMode: ctx.ingressMode ?? "websocket" }, draft), (env) =>
      spool.append([env])
    )
