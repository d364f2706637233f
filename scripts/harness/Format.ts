import type { HarnessReport } from "./RunHarness.ts"

const short = (hex: string) => hex.slice(0, 16)

const reasons = (rejected: Readonly<Record<string, number>>): string => {
  const parts = Object.entries(rejected).map(([code, n]) => `${code}=${n}`)
  return parts.length === 0 ? "none" : parts.join(",")
}

/** The human-readable report: one block per tenant, then the overall digest line last. */
export const formatReport = (r: HarnessReport): string => {
  const o = r.options
  const lines = [
    `harness seed=${o.seed} tenants=${o.tenants} events=${o.events} batch=${o.batch} ` +
    `duplicates=${o.duplicateRate} invalid=${o.invalidRate} secrets=${o.secretRate}`
  ]
  for (const t of r.tenants) {
    lines.push(
      `${t.tenant_ref}  head seq=${t.head_seq} hash=${short(t.head_hash)}  log=${short(t.log_sha256)}  ` +
        `projection=${short(t.projection_sha256)}`,
      `  accepted=${t.counts.accepted} duplicates=${t.counts.duplicates} rejected: ${reasons(t.counts.rejected)}`,
      `  posture score=${t.posture.score} risk=${t.posture.risk_level} findings=${t.posture.findings} ` +
        `near_misses=${t.posture.near_misses} agents=${t.posture.agents}`,
      `  chain ${t.chain_valid ? "valid" : "BROKEN"}; live projection ${t.live_matches_rebuild ? "=" : "≠"} rebuild; ` +
        `reloaded actor ${t.reload_matches_rebuild ? "=" : "≠"} rebuild; expectation mismatches=${t.expectation_mismatches}`
    )
  }
  for (const m of r.mismatches.slice(0, 20)) lines.push(`mismatch: ${m}`)
  if (r.mismatches.length > 20) lines.push(`… and ${r.mismatches.length - 20} more mismatches`)
  lines.push(`digest: ${r.digest}`)
  return lines.join("\n")
}
