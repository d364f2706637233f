import { Socket } from "@effect/platform"

/** Policy violation (RFC 6455 §7.4.1): the credential was revoked while the socket was open. */
export const closeRevoked = new Socket.CloseEvent(1008, "credential_revoked")
