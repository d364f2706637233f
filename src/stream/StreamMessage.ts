import type { PostureDelta, PostureSnapshot } from "../projection/Views.ts"

/**
 * What a dashboard receives on `GET /stream` (schemas/stream-message.schema.json).
 * `snapshot` first (or after a resume point too old to replay), then one
 * `delta` per committed event in sequence order; `resync` ends a stream whose
 * reader fell behind: reconnect with `?from=<resume_from>`.
 */
export type StreamMessage =
  | { readonly type: "snapshot"; readonly seq: number; readonly tenant_ref: string; readonly snapshot: PostureSnapshot }
  | { readonly type: "delta"; readonly seq: number; readonly delta: PostureDelta }
  | {
    readonly type: "resync"
    readonly reason: "subscriber_too_slow" | "engine_shutting_down"
    readonly resume_from: number
  }
  | { readonly type: "heartbeat"; readonly seq: number }

/**
 * The last message of a stream whose credential was revoked while it was
 * open (then a WebSocket closes 1008 credential_revoked; an SSE response
 * ends, and reconnecting with that credential is refused 401).
 */
export interface RevokedMessage {
  readonly type: "revoked"
  readonly reason: "credential_revoked"
}

export const revokedMessage: RevokedMessage = { type: "revoked", reason: "credential_revoked" }

export const seqOf = (m: StreamMessage): number => ("seq" in m ? m.seq : m.resume_from)
