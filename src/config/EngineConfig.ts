import { Config, Context, Effect, Layer, Option, Redacted } from "effect"

/** Settings of the engine, all from the environment (see README "Configuration"). */
export interface EngineSettings {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly databaseUrl: Option.Option<Redacted.Redacted>
  /** Events a tenant mailbox holds before HTTP answers 429 and WebSockets stop being read. */
  readonly mailboxCapacity: number
  /** Most events one group commit takes from the mailbox. */
  readonly groupCommitMax: number
  readonly batchMaxEvents: number
  readonly batchMaxBytes: number
  /** A tenant actor with nothing to do for this long is stopped (its state is in the store). */
  readonly actorIdleSeconds: number
  readonly postureWindow: number
  /** Deltas a subscriber may have unread before it is told to resync. */
  readonly subscriberBuffer: number
  /** A connector not heard from for this long is reported stale. */
  readonly staleConnectorSeconds: number
  readonly snapshotEvery: number
  readonly retryAfterSeconds: number
}

const settings = Config.all({
  port: Config.integer("PORT").pipe(Config.withDefault(8080)),
  host: Config.string("HOST").pipe(Config.withDefault("127.0.0.1")),
  dataDir: Config.string("AISPM_DATA_DIR").pipe(Config.withDefault("./data")),
  databaseUrl: Config.option(Config.redacted("DATABASE_URL")),
  mailboxCapacity: Config.integer("AISPM_MAILBOX_CAPACITY").pipe(Config.withDefault(4096)),
  groupCommitMax: Config.integer("AISPM_GROUP_COMMIT_MAX").pipe(Config.withDefault(1000)),
  batchMaxEvents: Config.integer("AISPM_BATCH_MAX_EVENTS").pipe(Config.withDefault(1000)),
  batchMaxBytes: Config.integer("AISPM_BATCH_MAX_BYTES").pipe(Config.withDefault(4 * 1024 * 1024)),
  actorIdleSeconds: Config.integer("AISPM_ACTOR_IDLE_SECONDS").pipe(Config.withDefault(300)),
  postureWindow: Config.integer("AISPM_POSTURE_WINDOW").pipe(Config.withDefault(200)),
  subscriberBuffer: Config.integer("AISPM_SUBSCRIBER_BUFFER").pipe(Config.withDefault(1024)),
  staleConnectorSeconds: Config.integer("AISPM_STALE_CONNECTOR_SECONDS").pipe(Config.withDefault(900)),
  snapshotEvery: Config.integer("AISPM_SNAPSHOT_EVERY").pipe(Config.withDefault(500)),
  retryAfterSeconds: Config.integer("AISPM_RETRY_AFTER_SECONDS").pipe(Config.withDefault(1))
}).pipe(
  // A batch larger than the mailbox could never fit: it would be told to retry forever.
  Config.validate({
    message: "AISPM_BATCH_MAX_EVENTS must not exceed AISPM_MAILBOX_CAPACITY",
    validation: (s) => s.batchMaxEvents <= s.mailboxCapacity
  })
)

export class EngineConfig extends Context.Tag("EngineConfig")<EngineConfig, EngineSettings>() {
  static readonly layer = Layer.effect(EngineConfig, settings)
  /** For tests and the harness: the defaults with some values replaced. */
  static readonly layerWith = (overrides: Partial<EngineSettings>) =>
    Layer.effect(
      EngineConfig,
      Effect.map(settings, (s) => {
        const merged = { ...s, ...overrides }
        return { ...merged, batchMaxEvents: Math.min(merged.batchMaxEvents, merged.mailboxCapacity) }
      })
    )
}
