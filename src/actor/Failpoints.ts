import { Context, Effect } from "effect"

/**
 * Named points where an operator or a test can inject a failure, in the
 * manner of etcd's gofail or TiKV's fail-rs: the default does nothing. Tests
 * use it to crash a tenant actor mid-stream or hold it still to fill a mailbox.
 */
export interface FailpointHooks {
  /** Runs inside the actor before each group commit. */
  readonly beforeCommit: (tenantId: string, events: number) => Effect.Effect<void>
}

export class Failpoints extends Context.Reference<Failpoints>()("Failpoints", {
  defaultValue: (): FailpointHooks => ({ beforeCommit: () => Effect.void })
}) {}
