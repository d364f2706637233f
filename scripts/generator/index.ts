export { hashString, Prng, seedToInt, type Seed, type Weighted } from "./Prng.ts"
export {
  defaultStartAt,
  generateTenantEvents,
  generateTenantStream,
  maxStepSeconds,
  timeBound,
  type StreamItem,
  type TenantEventsOptions,
  type TenantStreamOptions
} from "./Sessions.ts"
export {
  defaultTenantRef,
  generateInvalid,
  generateWorkload,
  mergeByTime,
  type InvalidOptions,
  type TenantWorkload,
  type WorkloadOptions
} from "./Workload.ts"
export { breakEnvelope, invalidKinds, type InvalidEnvelope, type InvalidKind } from "./BreakEnvelope.ts"
export { fakeSecret, secretKinds, type InjectedSecret, type SecretKind } from "./Secrets.ts"
export {
  agentConnectorTypes,
  ciConnectorTypes,
  connectorIdFor,
  describeTenant,
  iacConnectorTypes,
  slugOf,
  type TenantProfile
} from "./Tenant.ts"
