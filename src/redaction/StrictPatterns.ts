import { placeholder, type Rule } from "./Rule.ts"

/**
 * Extra rules of the "strict" profile, run after the standard ones: anything
 * shaped like an address (user@localhost, git@host) and long random-looking
 * tokens whose format no standard rule knows.
 */

const emailLike: Rule = {
  type: "email",
  // Any script, as the standard e-mail rule (PiiPatterns.ts).
  pattern: /(?<![\p{L}\p{M}\p{N}._%+-])[\p{L}\p{M}\p{N}._%+-]{1,64}@[\p{L}\p{M}\p{N}-]{1,63}(?:\.[\p{L}\p{M}\p{N}-]{1,63}){0,8}(?![\p{L}\p{M}\p{N}-])/gu,
  replace: () => placeholder("email")
}

/** Shannon entropy in bits per character. */
export const entropy = (s: string): number => {
  const counts = new Map<string, number>()
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) {
    const p = n / s.length
    bits -= p * Math.log2(p)
  }
  return bits
}

/**
 * Mixed case and digits and at least 3.5 bits per character: random keys
 * pass, while hex digests, uuids and identifiers like `mcp__github__create_issue`
 * (single case, or no digits) do not.
 */
export const looksRandom = (s: string): boolean =>
  /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s) && entropy(s) >= 3.5

const highEntropyToken: Rule = {
  type: "high_entropy_token",
  pattern: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/=_-])/g,
  replace: (m) => (looksRandom(m[0]) ? placeholder("high_entropy_token") : undefined)
}

export const strictRules: ReadonlyArray<Rule> = [emailLike, highEntropyToken]
