import { secretRules, standardRules } from "./Patterns.ts"
import { applyRule, hasFinding, mayMatch, PLACEHOLDER_PREFIX, type Rule, TRUNCATION_MARKER } from "./Rule.ts"
import { strictRules } from "./StrictPatterns.ts"

export type RedactionProfile = "standard" | "strict"

export interface Redacted {
  readonly text: string
  /** Number of secrets/PII values replaced (truncation is not counted). */
  readonly count: number
}

/** Longest text scanned: keeps the cost of every rule bounded whatever the input. */
export const MAX_SCANNED_CHARS = 4096
export { TRUNCATION_MARKER }

/** Later rules can expose a match to earlier ones (and a cut can too): rescan, a bounded number of times. */
const MAX_PASSES = 8

const rulesOf: Record<RedactionProfile, ReadonlyArray<Rule>> = {
  standard: standardRules,
  strict: [...standardRules, ...strictRules]
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff

/**
 * Cuts to MAX_SCANNED_CHARS including the marker, never between the halves of
 * a surrogate pair and never inside a placeholder: half a placeholder is not
 * recognized as one, and would be redacted again on every pass.
 */
export const capLength = (text: string): string => {
  if (text.length <= MAX_SCANNED_CHARS) return text
  let end = MAX_SCANNED_CHARS - TRUNCATION_MARKER.length
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--
  const open = text.lastIndexOf(PLACEHOLDER_PREFIX, end - 1)
  if (open !== -1) {
    const close = text.indexOf("]", open)
    if (close === -1 || close >= end) end = open
  }
  return text.slice(0, end) + TRUNCATION_MARKER
}

const pass = (rules: ReadonlyArray<Rule>, text: string): Redacted => {
  let current = text
  let count = 0
  let lowered: string | undefined
  const lower = () => (lowered ??= current.toLowerCase())
  for (const rule of rules) {
    if (!mayMatch(rule, current, lower)) continue
    const r = applyRule(rule, current)
    if (r.count > 0) lowered = undefined
    current = r.text
    count += r.count
  }
  return { text: current, count }
}

/**
 * Replaces secrets and PII with typed placeholders (`[REDACTED:<kind>]`).
 * The result is meant to be a fixed point (redacting it again finds nothing):
 * the loop stops on a capped text on which a full pass found nothing. The
 * pass bound only matters for contrived input; seeded property tests over
 * mixed secrets and text near the cap reach the fixed point well within it.
 */
export const redactTextWith = (text: string, profile: RedactionProfile): Redacted => {
  if (text.length > MEMO_MAX_CHARS) return redactUncached(text, profile)
  const memo = memos[profile]
  const known = memo.get(text)
  if (known !== undefined) return known
  if (memo.size >= MEMO_ENTRIES) memo.clear()
  const result = redactUncached(text, profile)
  memo.set(text, result)
  return result
}

/**
 * Short values (tool names, repositories, actors, policy packs) recur in
 * almost every event: their results are remembered, in a bounded table
 * that is emptied when full.
 */
const MEMO_MAX_CHARS = 256
const MEMO_ENTRIES = 20_000
const memos: Record<RedactionProfile, Map<string, Redacted>> = { standard: new Map(), strict: new Map() }

const redactUncached = (text: string, profile: RedactionProfile): Redacted => {
  const rules = rulesOf[profile]
  let current = capLength(text)
  let count = 0
  for (let i = 0; i < MAX_PASSES; i++) {
    const r = pass(rules, current)
    if (r.count === 0) break
    count += r.count
    current = capLength(r.text)
  }
  return { text: current, count }
}

/** The standard profile; used by the collector at the source and by the engine. */
export const redactText = (text: string): { readonly text: string; readonly count: number } =>
  redactTextWith(text, "standard")

/** How much consecutive windows of containsRedactable overlap: longer than the tokens the rules match whole. */
const WINDOW_OVERLAP = 1024

const anyFinding = (rules: ReadonlyArray<Rule>, text: string): boolean => {
  let lowered: string | undefined
  const lower = () => (lowered ??= text.toLowerCase())
  return rules.some((rule) => mayMatch(rule, text, lower) && hasFinding(rule, text))
}

/**
 * Whether `redactTextWith(text, profile)` would replace anything (count > 0),
 * without building the redacted text. Pure; stops at the first finding. Unlike
 * redaction, which drops what lies past MAX_SCANNED_CHARS, a longer text is
 * examined whole, in windows of that size overlapping by WINDOW_OVERLAP
 * (linear cost). At a window edge a cut may look like the end of a token,
 * which errs towards true; a finding longer than the overlap that straddles
 * an edge (a JWT of several kilobytes) may be missed.
 */
export const containsRedactable = (text: string, profile: RedactionProfile): boolean => scanWindows(rulesOf[profile], text)

const scanWindows = (rules: ReadonlyArray<Rule>, text: string): boolean => {
  for (let start = 0; ; start += MAX_SCANNED_CHARS - WINDOW_OVERLAP) {
    if (anyFinding(rules, text.slice(start, start + MAX_SCANNED_CHARS))) return true
    if (start + MAX_SCANNED_CHARS >= text.length) return false
  }
}

/**
 * Whether an identifier holds a credential or key. Only the secret rules
 * apply, whatever the profile: identifiers are structured (`source@host/path`
 * connector ids look like addresses, long numeric ids can pass Luhn, hashes
 * look random), and such a false finding would refuse good events.
 */
export const identifierHoldsSecret = (text: string): boolean => scanWindows(secretRules, text)
