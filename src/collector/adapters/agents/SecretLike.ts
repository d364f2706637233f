/**
 * Token-level guess at whether a shell word or URL segment is a credential.
 * The shared redaction rules run again on every summary in buildEnvelope;
 * this guard exists so a summary is safe even before (or without) them.
 */
const vendorPatterns: ReadonlyArray<RegExp> = [
  /(?:AKIA|ASIA)[A-Z0-9]{16}/,
  /gh[pousr]_[A-Za-z0-9]{20,}/,
  /github_pat_[A-Za-z0-9_]{20,}/,
  /glpat-[A-Za-z0-9_-]{16,}/,
  /xox[abposr]-[A-Za-z0-9-]{10,}/,
  /sk-[A-Za-z0-9_-]{16,}/,
  /AIza[0-9A-Za-z_-]{30,}/,
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
  /-----BEGIN [A-Z ]*PRIVATE KEY/,
  // AWS secret access keys: 40 base64 characters, mixed case and digits.
  /(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/
]

const sensitiveName = /pass|secret|token|api[-_]?key|auth|cred|pwd|private/i

export const looksSecret = (word: string): boolean => {
  if (vendorPatterns.some((p) => p.test(word))) return true
  if (word.length < 20) return false
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((p) => p.test(word)).length
  // Long words mixing letters and digits with no path shape are keys, hashes or tokens.
  return classes >= 3 && !/^[\w.-]*\/[\w./-]*$/.test(word.replace(/^\.?\//, "x/"))
}

export const namesSecret = (name: string): boolean => sensitiveName.test(name)
