// Node platform code: resolves the collector's settings from flags and the environment (node:os, node:path).
import * as os from "node:os"
import * as path from "node:path"
import { Either, Redacted, Schema } from "effect"
import { Environment } from "../../domain/Envelope.ts"
import { InvalidRequest } from "../../domain/Errors.ts"
import type { CollectorContext } from "../EnvelopeBuilder.ts"
import pkg from "../../../package.json" with { type: "json" }
import { type ParsedArgs, has, value } from "./Args.ts"
import type { CliIO } from "./CliIO.ts"

export type HookDelivery = "background" | "inline" | "spool"

/** Where envelopes go and how: the same for every source. */
export interface Settings {
  readonly print: boolean
  readonly quiet: boolean
  /** Spool only; `aispm-collect send` ships later. */
  readonly spoolOnly: boolean
  readonly spoolDir: string
  readonly spoolMaxBytes: number | undefined
  /** Engine base URL (the `/enterprise/aispm` suffix is optional). */
  readonly url: string | undefined
  readonly token: Redacted.Redacted<string> | undefined
  /** Connection attempts of one foreground send before it gives up and leaves the spool as it is. */
  readonly sendAttempts: number
  readonly hookDelivery: HookDelivery
  /** Bound on an inline hook delivery, in milliseconds. */
  readonly hookTimeoutMs: number
  /** Extra request headers for delivery (a CI job's workload identity). */
  readonly headers?: Readonly<Record<string, string>>
}

export const collectorVersion = `aispm-collect/${pkg.version}`

const configInvalid = (message: string, field: string) => new InvalidRequest({ code: "config_invalid", message, field })

const positiveInt = (raw: string | undefined, name: string, fallback: number | undefined) => {
  if (raw === undefined || raw.trim() === "") return Either.right(fallback)
  const n = Number(raw)
  return Number.isSafeInteger(n) && n > 0 ? Either.right(n) : Either.left(configInvalid(`${name} must be a positive integer`, name))
}

const hookModes: ReadonlyArray<HookDelivery> = ["background", "inline", "spool"]

const envOr = (io: CliIO, name: string): string | undefined => {
  const v = io.env[name]
  return v === undefined || v.trim() === "" ? undefined : v
}

/** `http://host:8080` or `http://host:8080/enterprise/aispm`: delivery adds the API path itself. */
const engineBase = (url: string): string => url.replace(/\/+$/, "").replace(/\/enterprise\/aispm$/, "")

export const settingsOf = (args: ParsedArgs, io: CliIO): Either.Either<Settings, InvalidRequest> =>
  Either.gen(function* () {
    const url = value(args, "url") ?? envOr(io, "AISPM_URL")
    const token = value(args, "token") ?? envOr(io, "AISPM_TOKEN")
    const home = envOr(io, "HOME") ?? os.homedir()
    const spoolDir = path.resolve(io.cwd, value(args, "spool-dir") ?? envOr(io, "AISPM_SPOOL_DIR") ?? path.join(home, ".aispm", "spool"))
    const mode = hookModes.find((m) => m === (envOr(io, "AISPM_HOOK_DELIVERY") ?? "background"))
    if (mode === undefined) {
      return yield* Either.left(configInvalid("AISPM_HOOK_DELIVERY must be background, inline or spool", "AISPM_HOOK_DELIVERY"))
    }
    if (url !== undefined && !/^https?:\/\/[^/]/i.test(url)) {
      return yield* Either.left(configInvalid("the engine URL must start with http:// or https://", "AISPM_URL"))
    }
    return {
      print: has(args, "print"),
      quiet: has(args, "quiet"),
      spoolOnly: has(args, "spool-only"),
      spoolDir,
      spoolMaxBytes: yield* positiveInt(envOr(io, "AISPM_SPOOL_MAX_BYTES"), "AISPM_SPOOL_MAX_BYTES", undefined),
      url: url === undefined ? undefined : engineBase(url),
      token: token === undefined ? undefined : Redacted.make(token),
      sendAttempts: (yield* positiveInt(envOr(io, "AISPM_SEND_ATTEMPTS"), "AISPM_SEND_ATTEMPTS", 5)) ?? 5,
      hookDelivery: mode,
      hookTimeoutMs: (yield* positiveInt(envOr(io, "AISPM_HOOK_TIMEOUT_MS"), "AISPM_HOOK_TIMEOUT_MS", 1500)) ?? 1500
    }
  })

const decodeEnvironment = Schema.decodeUnknownEither(Environment)

/** The default connector id: one per source and machine (CI sources pass their platform and project). */
export const hostConnector = (source: string): string => `${source}@${os.hostname()}`

/**
 * Tenant, environment and connector of the envelopes: flags first, then
 * AISPM_TENANT_REF / AISPM_ENVIRONMENT / AISPM_CONNECTOR_ID. The environment
 * defaults to `dev`.
 */
export const contextOf = (
  args: ParsedArgs,
  io: CliIO,
  defaultConnector: string
): Either.Either<CollectorContext, InvalidRequest> =>
  Either.gen(function* () {
    const tenantRef = value(args, "tenant") ?? envOr(io, "AISPM_TENANT_REF")
    if (tenantRef === undefined) {
      return yield* Either.left(
        new InvalidRequest({ code: "config_missing", message: "no tenant: pass --tenant or set AISPM_TENANT_REF", field: "AISPM_TENANT_REF" })
      )
    }
    const environment = yield* environmentOf(value(args, "environment") ?? envOr(io, "AISPM_ENVIRONMENT") ?? "dev")
    return {
      tenantRef,
      environment,
      connectorId: value(args, "connector") ?? envOr(io, "AISPM_CONNECTOR_ID") ?? defaultConnector,
      collectorVersion
    }
  })

/** Same as contextOf, but the tenant may be absent (JSONL envelopes carry their own). */
export const optionalTenant = (args: ParsedArgs, io: CliIO) => ({
  tenantRef: value(args, "tenant") ?? envOr(io, "AISPM_TENANT_REF"),
  environment: value(args, "environment") ?? envOr(io, "AISPM_ENVIRONMENT")
})

/** The environment from --environment / AISPM_ENVIRONMENT, or why it is not one. */
export const environmentOf = (raw: string) =>
  Either.mapLeft(decodeEnvironment(raw), () =>
    configInvalid(
      `--environment / AISPM_ENVIRONMENT must be dev, test, staging, production or sandbox, not ${JSON.stringify(raw)}`,
      "AISPM_ENVIRONMENT"
    ))
