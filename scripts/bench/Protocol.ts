/** How the bench parent starts a server child (argv[2], JSON) and what the child answers on stdout. */
export interface ServerSpec {
  readonly kind: "engine" | "ceiling"
  /** Embedded store folder (when no databaseUrl). */
  readonly dataDir: string
  /** PostgreSQL database of this run, when the store is postgres. */
  readonly databaseUrl?: string
  readonly tenants: ReadonlyArray<string>
}

export interface ServerReady {
  readonly pid: number
  readonly port: number
  /** Collector token per tenant, in `spec.tenants` order (the ceiling takes none). */
  readonly tokens: ReadonlyArray<string>
}

/** The line prefix a server child writes once it listens. */
export const READY = "BENCH-READY "
