import type { JsonRecord } from "./AgentInput.ts"
import { text } from "./AgentInput.ts"
import { commandFromArgv, commandWords } from "./CommandSummary.ts"
import { displayPath } from "./Targets.ts"
import type { FileVerb, ToolFields } from "./ToolFields.ts"
import { genericToolFields, mcpFields, shellFields } from "./ToolFields.ts"

/** Codex's tool calls (function_call, custom_tool_call, local_shell_call) to the shared tool fields. */

const verbs: Record<string, FileVerb> = { Add: "create_file", Update: "edit_file", Delete: "delete_file" }

/** The files an apply_patch envelope touches, from its `*** Add/Update/Delete File:` headers only. */
export const patchFiles = (patch: string): ReadonlyArray<{ readonly verb: FileVerb; readonly path: string }> =>
  [...patch.matchAll(/^\*\*\* (Add|Update|Delete) File: (.+)$/gm)].flatMap((m) => {
    const verb = m[1] === undefined ? undefined : verbs[m[1]]
    return verb === undefined || m[2] === undefined ? [] : [{ verb, path: m[2].trim() }]
  })

const maxListed = 3

export const patchFields = (toolName: string, patch: string, cwd: string | undefined): ToolFields => {
  const files = patchFiles(patch)
  const [only] = files
  if (files.length === 1 && only !== undefined) {
    return { eventType: "file_action", toolName, actionType: only.verb, targetSummary: displayPath(only.path, cwd) }
  }
  const listed = files.slice(0, maxListed).map((f) => displayPath(f.path, cwd)).join(", ")
  const more = files.length > maxListed ? `, +${files.length - maxListed} more` : ""
  return {
    eventType: "file_action",
    toolName,
    actionType: "apply_patch",
    targetSummary: files.length === 0 ? "patch" : `${files.length} files: ${listed}${more}`
  }
}

const argv = (value: unknown): ReadonlyArray<string> =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []

/** A shell invocation, unless it is apply_patch run through the shell (older Codex). */
const commandFields = (toolName: string, command: string, cwd: string | undefined): ToolFields =>
  commandWords(command)[0] === "apply_patch" ? patchFields(toolName, command, cwd) : shellFields(toolName, command)

export const codexCallFields = (name: string, args: JsonRecord, cwd: string | undefined): ToolFields => {
  const where = text(args, "workdir") ?? cwd
  switch (name) {
    case "shell":
    case "container.exec":
    case "local_shell": {
      const words = argv(args["command"])
      return words[0] === "apply_patch"
        ? patchFields(name, words[1] ?? "", where)
        : commandFields(name, commandFromArgv(words), where)
    }
    case "shell_command":
      return commandFields(name, text(args, "command") ?? "", where)
    case "exec_command":
      return commandFields(name, text(args, "cmd") ?? "", where)
    case "apply_patch":
      return patchFields(name, text(args, "input") ?? text(args, "patch") ?? "", where)
    default: {
      // MCP tools: `mcp__server__tool`, or `server__tool` in older releases.
      const legacy = /^(?!mcp__)([\w-]+?)__(.+)$/.exec(name)
      return legacy?.[1] !== undefined && legacy[2] !== undefined
        ? mcpFields(name, legacy[1], legacy[2])
        : genericToolFields(name, text(args, "path"), where)
    }
  }
}
