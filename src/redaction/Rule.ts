/**
 * One detection rule: a global regular expression and what a match becomes.
 * `replace` returns `undefined` to keep a match as it is (an existing
 * placeholder, a number that fails Luhn...), so only real findings count.
 *
 * Patterns are written without ambiguous nested quantifiers and with bounded
 * repetition, and the text they scan is capped (see redactText.ts): the
 * engine's regular expressions backtrack, and the input is hostile.
 */
export interface Rule {
  readonly type: string
  readonly pattern: RegExp
  readonly replace: (match: RegExpMatchArray) => string | undefined
  /**
   * Literals of which every match contains at least one (lower case when the
   * pattern ignores case): a text holding none is skipped without running the
   * pattern. Most fields hold none, and scanning is the redactor's whole cost.
   */
  readonly hints?: ReadonlyArray<string>
}

export const PLACEHOLDER_PREFIX = "[REDACTED:"

export const placeholder = (type: string): string => `${PLACEHOLDER_PREFIX}${type}]`

/**
 * Appended where a long text was cut. It starts with a space so a value
 * pattern stops before it, and is never itself taken for a secret.
 */
export const TRUNCATION_MARKER = " …[truncated]"

/** Already redacted (or the truncation marker): a rule must leave it as it is. */
export const isPlaceholder = (s: string): boolean =>
  s.startsWith(PLACEHOLDER_PREFIX) || s.startsWith(TRUNCATION_MARKER.trimStart())

/** The quote around a value (`"…"` or `'…'`), or "" when it is bare. */
export const quoteOf = (value: string): string =>
  value.length >= 2 && (value[0] === "\"" || value[0] === "'") && value.endsWith(value[0]) ? value[0] : ""

/** A value without the quotes around it. */
export const unquote = (value: string): string => (quoteOf(value) === "" ? value : value.slice(1, -1))

/** The match as a whole becomes `[REDACTED:<type>]`. */
export const whole = (type: string, source: string, flags = "", hints?: ReadonlyArray<string>): Rule => ({
  type,
  pattern: new RegExp(source, `g${flags}`),
  replace: () => placeholder(type),
  ...(hints === undefined ? {} : { hints })
})

/**
 * Group 1 is kept (a key, a scheme and user...), group 2 is the secret; a
 * value that is already a placeholder is left alone so a second pass is a no-op.
 * Quotes around the secret are kept so JSON stays JSON. `typeOf` may name the
 * placeholder after the kept part (e.g. the key of an assignment).
 */
export const keyed = (
  type: string,
  source: string,
  flags = "",
  typeOf: (kept: string) => string = () => type,
  hints?: ReadonlyArray<string>
): Rule => ({
  type,
  pattern: new RegExp(source, `g${flags}`),
  ...(hints === undefined ? {} : { hints }),
  replace: (m) => {
    const kept = m[1] ?? ""
    const secret = m[2] ?? ""
    const quote = quoteOf(secret)
    if (isPlaceholder(unquote(secret))) return undefined
    return `${kept}${quote}${placeholder(typeOf(kept))}${quote}`
  }
})

/** Whether the text may hold a match of the rule (`lower` is the text in lower case). */
export const mayMatch = (rule: Rule, text: string, lower: () => string): boolean => {
  if (rule.hints === undefined) return true
  const haystack = rule.pattern.ignoreCase ? lower() : text
  return rule.hints.some((h) => haystack.includes(h))
}

/** Whether applying the rule would replace anything; stops at the first such match. */
export const hasFinding = (rule: Rule, text: string): boolean => {
  for (const m of text.matchAll(rule.pattern)) if (rule.replace(m) !== undefined) return true
  return false
}

/** Applies one rule; returns the new text and how many matches it replaced. */
export const applyRule = (rule: Rule, text: string): { readonly text: string; readonly count: number } => {
  let out = ""
  let last = 0
  let count = 0
  for (const m of text.matchAll(rule.pattern)) {
    const replacement = rule.replace(m)
    if (replacement === undefined) continue
    const at = m.index ?? 0
    out += text.slice(last, at) + replacement
    last = at + m[0].length
    count++
  }
  return count === 0 ? { text, count } : { text: out + text.slice(last), count }
}
