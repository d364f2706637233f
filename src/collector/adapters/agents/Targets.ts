import { looksSecret } from "./SecretLike.ts"

const maxPath = 120

/** A path as the envelope shows it: relative to the workspace, home folders (user names) folded to `~`. */
export const displayPath = (path: string, cwd?: string): string => {
  const root = cwd?.replace(/[\\/]+$/, "")
  const relative =
    root !== undefined && root !== "" && (path.startsWith(`${root}/`) || path.startsWith(`${root}\\`))
      ? path.slice(root.length + 1)
      : path
  const folded = relative
    .replace(/^\/(?:home|Users)\/[^/]+/, "~")
    .replace(/^[A-Za-z]:\\Users\\[^\\]+/, "~")
    .split(/(?<=[\\/])/)
    .map((segment) => (looksSecret(segment) ? "[redacted]/" : segment))
    .join("")
  return folded.length > maxPath ? `…${folded.slice(folded.length - maxPath + 1)}` : folded
}

/** Scheme, host and a cleaned path; never user-info, query or fragment (where tokens travel). */
export const urlSummary = (raw: string): string => {
  const parsed = URL.canParse(raw) ? new URL(raw) : undefined
  if (parsed === undefined) return "url"
  const segments = parsed.pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (looksSecret(s) || s.length > 40 ? "…" : s))
  const path = segments.length === 0 ? "" : `/${segments.slice(0, 4).join("/")}${segments.length > 4 ? "/…" : ""}`
  return `${parsed.protocol}//${parsed.host}${path}`
}

/** `mcp__server__tool` (Claude Code, Gemini CLI, Codex) into its server and tool. */
export const mcpParts = (name: string): { readonly server: string; readonly tool: string } | undefined => {
  const match = /^mcp__(.+?)__(.+)$/.exec(name)
  return match?.[1] !== undefined && match[2] !== undefined ? { server: match[1], tool: match[2] } : undefined
}

/** `owner/name` from a git remote (ssh or https), credentials dropped. */
export const repositoryFromRemote = (remote: string): string | undefined => {
  const match = /[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(remote.trim())
  return match?.[1] !== undefined && match[2] !== undefined ? `${match[1]}/${match[2]}` : undefined
}
