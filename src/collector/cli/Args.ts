import { Either } from "effect"
import { InvalidRequest } from "../../domain/Errors.ts"

/** A command line after parsing: positionals, `--name value` flags, `--switch`es and what follows `--`. */
export interface ParsedArgs {
  readonly positionals: ReadonlyArray<string>
  readonly values: ReadonlyMap<string, ReadonlyArray<string>>
  readonly switches: ReadonlySet<string>
  /** Everything after a bare `--`, untouched (the MCP server's command line). */
  readonly rest: ReadonlyArray<string>
}

export interface ArgSpec {
  /** Flags that take a value (`--name v` or `--name=v`); repeating one keeps every value. */
  readonly values: ReadonlyArray<string>
  /** Flags without a value. */
  readonly switches: ReadonlyArray<string>
}

/** Flags every source takes. */
export const commonSpec: ArgSpec = {
  values: ["tenant", "environment", "connector", "url", "token", "spool-dir"],
  switches: ["print", "quiet", "spool-only"]
}

export const withFlags = (spec: ArgSpec, values: ReadonlyArray<string>, switches: ReadonlyArray<string> = []): ArgSpec => ({
  values: [...spec.values, ...values],
  switches: [...spec.switches, ...switches]
})

export const usageError = (message: string): InvalidRequest => new InvalidRequest({ code: "usage", message })

/** Parses `argv` (without the source name) against `spec`; unknown flags are usage errors. */
export const parseArgs = (argv: ReadonlyArray<string>, spec: ArgSpec): Either.Either<ParsedArgs, InvalidRequest> => {
  const positionals: Array<string> = []
  const values = new Map<string, Array<string>>()
  const switches = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? ""
    if (word === "--") return Either.right({ positionals, values, switches, rest: argv.slice(i + 1) })
    if (!word.startsWith("--") || word.length === 2) {
      positionals.push(word)
      continue
    }
    const eq = word.indexOf("=")
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq)
    if (spec.switches.includes(name) && eq < 0) {
      switches.add(name)
      continue
    }
    if (!spec.values.includes(name)) return Either.left(usageError(`unknown option --${name}`))
    const value = eq < 0 ? argv[++i] : word.slice(eq + 1)
    if (value === undefined) return Either.left(usageError(`--${name} needs a value`))
    values.set(name, [...(values.get(name) ?? []), value])
  }
  return Either.right({ positionals, values, switches, rest: [] })
}

/** The last value given for a flag. */
export const value = (args: ParsedArgs, name: string): string | undefined => args.values.get(name)?.at(-1)

/** Every value of a repeatable, comma-separated flag (`--deny a,b --deny c`). */
export const list = (args: ParsedArgs, name: string): ReadonlyArray<string> | undefined => {
  const given = args.values.get(name)
  return given === undefined
    ? undefined
    : given.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "")
}

export const has = (args: ParsedArgs, name: string): boolean => args.switches.has(name)
