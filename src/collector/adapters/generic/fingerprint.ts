/**
 * A short, synchronous, non-cryptographic fingerprint (two FNV-1a 32-bit lanes, 16 hex chars).
 * Used only to derive stable session ids from identifiers that must not appear in clear
 * (an AWS session name is often a person's e-mail). event_id itself is SHA-256 in buildEnvelope.
 */
export const fingerprint = (text: string): string => {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ 0x5bd1e995
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15)
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0")
  return `${hex(a)}${hex(b)}`
}
