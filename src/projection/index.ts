/** The posture projection (DESIGN §5): a pure fold of a tenant's log, and replay packets. */
export { coverageStatus } from "./Coverage.ts"
export { confidenceOf, type EvidenceConfidence, evidenceClassOf } from "./Evidence.ts"
export { driftScore, driftStatus, fingerprintOf } from "./Fingerprint.ts"
export { foldAll, foldEvent, type FoldResult, rebuild } from "./Fold.ts"
export {
  DEFAULT_RECENT_SIZE,
  DEFAULT_TIMELINE_SIZE,
  DEFAULT_WINDOW,
  decodeState,
  decodeStateEither,
  encodeState,
  initialState,
  type PostureOptions,
  type PostureState
} from "./PostureState.ts"
export { buildReplayPacket } from "./Replay.ts"
export { overviewOf, snapshotOf } from "./Snapshot.ts"
export { SURFACES, type Surface, surfaceOf } from "./Surfaces.ts"
export type * from "./Views.ts"
export * from "./Weights.ts"
