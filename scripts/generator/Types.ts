import type { ConnectorType, Decision, Environment, Envelope, EventType, Severity } from "../../src/domain/Envelope.ts"

/** How much a policy engine would worry about an action; drives the decision and severity drawn. */
export type Risk = "safe" | "moderate" | "risky" | "dangerous"

export interface Connector {
  readonly type: ConnectorType
  readonly id: string
  readonly runtimeVersion: string
  readonly ingressMode: Envelope["transport"]["ingress_mode"]
}

/** What every event of one session shares. */
export interface SessionContext {
  readonly tenantRef: string
  readonly tenantSlug: string
  readonly sessionId: string
  readonly agentId: string
  readonly connector: Connector
  readonly repository: string
  readonly policyPack: string
  readonly actorRef: string
  readonly environment: Environment
  readonly region: string
  /** Built once per session and shared by its envelopes (immutable values). */
  readonly source: Envelope["source"]
  readonly tenant: Envelope["tenant"]
}

/** One event of a session before ids, times and contract boilerplate are attached. */
export interface Draft {
  readonly eventType: EventType
  readonly toolName?: string
  readonly actionType?: string
  readonly targetSummary?: string
  readonly decision?: Decision
  readonly severity?: Severity
  readonly riskClassification?: string
  readonly evidenceRefs?: ReadonlyArray<string>
  /** The raw content stays at the source; the envelope carries payload_ref + payload_hash. */
  readonly privatePayload?: boolean
  /** The decision is signed: integrity.signature_required with a signature_ref. */
  readonly signed?: boolean
}

/** What a session script produces; the interleaver gives each draft its time and id. */
export interface SessionScript {
  readonly context: SessionContext
  readonly drafts: ReadonlyArray<Draft>
}
