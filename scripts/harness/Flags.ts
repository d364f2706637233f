/**
 * A small `--name value` / `--flag` parser for the scripts (harness, demo,
 * bench): unknown flags and malformed numbers are errors, so a typo never
 * silently runs the default.
 */
export interface FlagSpec {
  readonly numbers?: ReadonlyArray<string>
  readonly strings?: ReadonlyArray<string>
  readonly booleans?: ReadonlyArray<string>
}

export interface ParsedFlags {
  readonly numbers: ReadonlyMap<string, number>
  readonly strings: ReadonlyMap<string, string>
  readonly booleans: ReadonlySet<string>
}

export class FlagError extends Error {
  override readonly name = "FlagError"
}

export const parseFlags = (argv: ReadonlyArray<string>, spec: FlagSpec): ParsedFlags => {
  const numbers = new Map<string, number>()
  const strings = new Map<string, string>()
  const booleans = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--") continue
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg)
    if (!m) throw new FlagError(`unexpected argument: ${arg}`)
    const name = m[1]!
    if (spec.booleans?.includes(name)) {
      booleans.add(name)
      continue
    }
    const value = m[2] ?? argv[++i]
    if (value === undefined) throw new FlagError(`--${name} needs a value`)
    if (spec.numbers?.includes(name)) {
      const n = Number(value)
      if (!Number.isFinite(n) || value.trim() === "") throw new FlagError(`--${name} must be a number: ${value}`)
      numbers.set(name, n)
    } else if (spec.strings?.includes(name)) {
      strings.set(name, value)
    } else {
      throw new FlagError(`unknown flag --${name}`)
    }
  }
  return { numbers, strings, booleans }
}

/** A whole number >= min, or the fallback when the flag is absent. */
export const wholeFlag = (flags: ParsedFlags, name: string, fallback: number, min = 1): number => {
  const n = flags.numbers.get(name) ?? fallback
  if (!Number.isInteger(n) || n < min) throw new FlagError(`--${name} must be a whole number >= ${min}: ${n}`)
  return n
}

/** A probability in [0, 1], or the fallback. */
export const rateFlag = (flags: ParsedFlags, name: string, fallback: number): number => {
  const n = flags.numbers.get(name) ?? fallback
  if (n < 0 || n > 1) throw new FlagError(`--${name} must be between 0 and 1: ${n}`)
  return n
}

/** Reads a script's options; a bad flag prints the message and the usage and exits with status 2. */
export const optionsOrExit = <A>(read: () => A, usage: string): A => {
  try {
    return read()
  } catch (e) {
    if (!(e instanceof FlagError)) throw e
    process.stderr.write(`${e.message}\n${usage}\n`)
    return process.exit(2)
  }
}
