import { Cause } from "effect"

const codeOf = (value: unknown): string | undefined => {
  for (let v = value, depth = 0; v !== null && typeof v === "object" && depth < 5; depth++) {
    const code = (v as { code?: unknown }).code
    if (typeof code === "string") return code
    v = (v as { cause?: unknown }).cause
  }
  return undefined
}

/** One line an operator can act on, for the usual reasons an engine fails to start. */
export const describeStartFailure = (cause: Cause.Cause<unknown>): string => {
  const failure = [...Cause.failures(cause), ...Cause.defects(cause)][0]
  switch (codeOf(failure)) {
    case "EADDRINUSE":
      return "cannot start: the port is already in use (another engine?); set PORT to a free port"
    case "EACCES":
      return "cannot start: no permission to listen on that port or to use AISPM_DATA_DIR"
    case "ECONNREFUSED":
      return "cannot start: the database at DATABASE_URL refuses connections"
    default:
      return `cannot start: ${failure instanceof Error ? failure.message : Cause.pretty(cause)}`
  }
}
