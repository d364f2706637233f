/** DESIGN §5 evidence confidence, strongest first. */
export type EvidenceConfidence =
  | "sample_or_empty"
  | "signed_evidence"
  | "activity_evidence_refs"
  | "activity_metadata_only"

/** What one decision record brings as evidence. */
export type EvidenceClass = "signed" | "refs" | "none"

const isSignedRef = (ref: string): boolean => ref.startsWith("signed://") || ref.includes("signature")

export const evidenceClassOf = (refs: ReadonlyArray<string> | undefined): EvidenceClass =>
  refs === undefined || refs.length === 0 ? "none" : refs.some(isSignedRef) ? "signed" : "refs"

/**
 * Confidence of a set of decisions from its counts, so a sliding window can
 * keep three integers instead of the refs themselves.
 */
export const confidenceOf = (counts: {
  readonly decisions: number
  readonly signed: number
  readonly withRefs: number
}): EvidenceConfidence =>
  counts.decisions === 0
    ? "sample_or_empty"
    : counts.signed > 0
    ? "signed_evidence"
    : counts.withRefs > 0
    ? "activity_evidence_refs"
    : "activity_metadata_only"

export const confidenceOfClasses = (classes: ReadonlyArray<EvidenceClass>): EvidenceConfidence =>
  confidenceOf({
    decisions: classes.length,
    signed: classes.filter((c) => c === "signed").length,
    withRefs: classes.filter((c) => c !== "none").length
  })
