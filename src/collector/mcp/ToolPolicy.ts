/** Which MCP tools may be called through the proxy (`--allow a,b` / `--deny c,d`). */
export interface ToolPolicy {
  /** When set, only these tools may be called. */
  readonly allow?: ReadonlySet<string>
  /** These tools may never be called; wins over `allow`. */
  readonly deny?: ReadonlySet<string>
}

export type PolicyVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly rule: "deny_list" | "not_in_allow_list" }

/** A comma-separated flag value as a set of tool names. */
export const toolList = (flag: string | ReadonlyArray<string>): ReadonlySet<string> =>
  new Set(
    (typeof flag === "string" ? flag.split(",") : flag.flatMap((f) => f.split(",")))
      .map((t) => t.trim())
      .filter((t) => t !== "")
  )

export const decideTool = (policy: ToolPolicy, tool: string): PolicyVerdict => {
  if (policy.deny?.has(tool) === true) return { allowed: false, rule: "deny_list" }
  if (policy.allow !== undefined && !policy.allow.has(tool)) return { allowed: false, rule: "not_in_allow_list" }
  return { allowed: true }
}
