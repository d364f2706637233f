import type { EventDraft } from "../../EnvelopeBuilder.ts"

type Required = "connectorType" | "eventType" | "naturalKey" | "occurredAt" | "sessionId" | "agentId"

/** An EventDraft whose optional fields may be `undefined` while an adapter assembles it. */
export type DraftFields =
  & Pick<EventDraft, Required>
  & { readonly [K in Exclude<keyof EventDraft, Required>]?: EventDraft[K] | undefined }

/**
 * Drops the undefined fields, so adapters can map optional native fields one to one
 * (exactOptionalPropertyTypes forbids an explicit `undefined` in an EventDraft).
 */
const strip = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

export const draft = (fields: DraftFields): EventDraft => strip(fields) as EventDraft
