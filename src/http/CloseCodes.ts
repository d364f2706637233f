import { Socket } from "@effect/platform"

/** Policy violation (RFC 6455 §7.4.1): the credential was revoked while the socket was open. */
export const closeRevoked = new Socket.CloseEvent(1008, "credential_revoked")

/**
 * After a resync message: 1001 "going away" (engine_shutting_down) when the
 * engine stops, else a normal 1000 "resync" (reconnect from resume_from).
 */
export const closeAfterResync = (reason: string): Socket.CloseEvent =>
  reason === "engine_shutting_down" ? new Socket.CloseEvent(1001, reason) : new Socket.CloseEvent(1000, "resync")
