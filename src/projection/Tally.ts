import type { Decision, Severity } from "../domain/Envelope.ts"
import { bump } from "./CountMap.ts"
import type { CountMap, DecisionRecord, Tally } from "./StateSchema.ts"
import { isFinding, isNearMiss, penaltyOf } from "./Weights.ts"

export const emptyTally: Tally = {
  decisions: 0,
  penalty: 0,
  findings: 0,
  near_misses: 0,
  signed_evidence: 0,
  with_evidence_refs: 0,
  by_decision: {
    allow: 0,
    warn: 0,
    block: 0,
    require_approval: 0,
    allow_with_attestation: 0,
    audit_only: 0,
    not_applicable: 0
  },
  by_severity: { none: 0, low: 0, medium: 0, high: 0, critical: 0, unspecified: 0 },
  repos: [],
  policy_packs: [],
  surfaces: [],
  action_types: [],
  last_seq: null,
  last_occurred_at: null
}

const severityOf = (record: DecisionRecord): Severity | undefined => record.severity ?? undefined

const bumpOptional = (map: CountMap, key: string | null, sign: 1 | -1): CountMap =>
  key === null || key === "" ? map : bump(map, key, sign)

const apply = (tally: Tally, record: DecisionRecord, sign: 1 | -1): Tally => {
  const severity = severityOf(record)
  const decision: Decision = record.decision
  const flag = (b: boolean): number => (b ? sign : 0)
  const severityKey = record.severity ?? "unspecified"
  return {
    decisions: tally.decisions + sign,
    penalty: tally.penalty + sign * penaltyOf(decision, severity),
    findings: tally.findings + flag(isFinding(decision, severity)),
    near_misses: tally.near_misses + flag(isNearMiss(decision, severity)),
    signed_evidence: tally.signed_evidence + flag(record.evidence === "signed"),
    with_evidence_refs: tally.with_evidence_refs + flag(record.evidence !== "none"),
    by_decision: { ...tally.by_decision, [decision]: tally.by_decision[decision] + sign },
    by_severity: { ...tally.by_severity, [severityKey]: tally.by_severity[severityKey] + sign },
    repos: bumpOptional(tally.repos, record.repository, sign),
    policy_packs: bumpOptional(tally.policy_packs, record.policy_pack, sign),
    surfaces: bump(tally.surfaces, record.surface, sign),
    action_types: bumpOptional(tally.action_types, record.action_type, sign),
    last_seq: sign > 0 ? record.seq : tally.last_seq,
    last_occurred_at: sign > 0 ? record.occurred_at : tally.last_occurred_at
  }
}

export const addRecord = (tally: Tally, record: DecisionRecord): Tally => apply(tally, record, 1)

/**
 * Removes the window's oldest record. The newest record of any subset is
 * evicted last, so `last_seq` stays right until the subset is empty, and an
 * empty subset is reset to `emptyTally` so it equals one never touched.
 */
export const removeRecord = (tally: Tally, record: DecisionRecord): Tally =>
  tally.decisions <= 1 ? emptyTally : apply(tally, record, -1)
