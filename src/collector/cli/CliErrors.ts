import type { DeliveryFailed } from "../delivery/DeliveryErrors.ts"
import type { InvalidRequest, Unauthorized, Unavailable } from "../../domain/Errors.ts"
import type { McpProxyError } from "../mcp/McpProxy.ts"
import type { SpoolFull, SpoolIOError } from "../spool/SpoolErrors.ts"

/**
 * Exit codes of `aispm-collect` (docs/collectors.md lists them). Hook sources
 * always exit 0; `mcp` exits with the wrapped server's code.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  input: 3,
  spool: 4,
  notDelivered: 5,
  refused: 6,
  rejected: 7
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** Every typed failure a command can end with. */
export type CliFailure =
  | InvalidRequest
  | Unauthorized
  | Unavailable
  | SpoolFull
  | SpoolIOError
  | DeliveryFailed
  | McpProxyError

/** InvalidRequest codes that mean "the command line or configuration is wrong", not the input. */
const usageCodes = new Set(["usage", "config_missing", "config_invalid"])

export const exitCodeOf = (e: CliFailure): ExitCode => {
  switch (e._tag) {
    case "InvalidRequest":
      return usageCodes.has(e.code) ? ExitCode.usage : ExitCode.input
    case "SpoolFull":
    case "SpoolIOError":
      return ExitCode.spool
    case "DeliveryFailed":
      return e.retryable ? ExitCode.notDelivered : ExitCode.refused
    case "Unauthorized":
      return ExitCode.refused
    case "Unavailable":
      return ExitCode.notDelivered
    case "McpProxyError":
      return ExitCode.failure
  }
}

export const describeFailure = (e: CliFailure): string => {
  switch (e._tag) {
    case "InvalidRequest":
      // The field is named once: messages about a setting usually name it already.
      return e.field === undefined || e.message.includes(e.field)
        ? `${e.code}: ${e.message}`
        : `${e.code}: ${e.message} (${e.field})`
    case "Unauthorized":
    case "Unavailable":
      return `${e.code}: ${e.message}`
    case "DeliveryFailed":
      return `delivery ${e.retryable ? "interrupted" : "refused"} (${e.code}): ${e.message}`
    case "SpoolFull":
    case "McpProxyError":
      return e.message
    case "SpoolIOError":
      return `spool ${e.op} ${e.path}: ${e.message}`
  }
}
