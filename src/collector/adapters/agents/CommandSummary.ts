import { looksSecret, namesSecret } from "./SecretLike.ts"
import { urlSummary } from "./Targets.ts"

/**
 * A shell command as an envelope may show it: the program and its arguments,
 * with quoted text, assigned values, values of sensitive flags, URLs' user-info
 * and query, and credential-like words removed, then truncated. Only the first
 * line is read (heredocs and scripts carry content, not intent).
 */
const maxSummary = 120
const maxWord = 48
const elided = "…"

const operators = new Set(["|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1", "&>", "|&"])
// Flags whose next word is a message, a header, a body or a credential.
const valueFlags = new Set([
  "-m", "--message", "-H", "--header", "-d", "--data", "--data-raw", "--data-binary", "--body",
  "-u", "--user", "-p", "--password", "--token", "-e", "--env", "-F", "--form", "--set", "--cookie"
])

const words = (line: string): ReadonlyArray<string> =>
  line.match(/(?:[^\s"'`]+|"(?:\\.|[^"\\])*"?|'[^']*'?|`[^`]*`?)+/g) ?? []

const basename = (word: string): string => word.replace(/^.*[\\/]/, "")

const isQuoted = (word: string): boolean => /["'`]/.test(word)

const assignment = /^([A-Za-z_][A-Za-z0-9_.-]*|-{1,2}[A-Za-z0-9][\w.-]*)=(.*)$/

const safeValue = (value: string): boolean => /^[\w.:@,/-]{1,24}$/.test(value) && !looksSecret(value)

const renderWord = (word: string): string => {
  const assigned = assignment.exec(word)
  if (assigned?.[1] !== undefined) {
    const value = assigned[2] ?? ""
    const keep = !namesSecret(assigned[1]) && !isQuoted(value) && safeValue(value)
    return `${assigned[1]}=${keep ? value : elided}`
  }
  if (isQuoted(word)) return `"${elided}"`
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(word)) return urlSummary(word)
  if (looksSecret(word)) return "[redacted]"
  return word.length > maxWord ? `${word.slice(0, maxWord - 1)}${elided}` : word
}

const renderLine = (line: string): string => {
  const out: Array<string> = []
  let atProgram = true
  let hideNext = false
  for (const word of words(line)) {
    if (operators.has(word)) {
      out.push(word)
      atProgram = true
      hideNext = false
    } else if (hideNext) {
      out.push(elided)
      hideNext = false
    } else if (atProgram && assignment.test(word) && !word.startsWith("-")) {
      out.push(renderWord(word))
    } else if (atProgram) {
      out.push(isQuoted(word) ? `"${elided}"` : renderWord(basename(word)))
      atProgram = false
    } else {
      out.push(renderWord(word))
      hideNext = valueFlags.has(word)
    }
  }
  return out.join(" ")
}

export const summarizeCommand = (command: string): string => {
  const lines = command.trim().split(/\r?\n/)
  const first = renderLine(lines[0] ?? "")
  const summary = lines.length > 1 ? `${first} ${elided}` : first
  return summary.length > maxSummary ? `${summary.slice(0, maxSummary - 1)}${elided}` : summary
}

const programIndex = (tokens: ReadonlyArray<string>): number => {
  let i = 0
  while (i < tokens.length && assignment.test(tokens[i] ?? "") && !(tokens[i] ?? "").startsWith("-")) i++
  return i
}

/** The words of the first line, env assignments skipped, program basename first. */
export const commandWords = (command: string): ReadonlyArray<string> => {
  const tokens = words(command.trim().split(/\r?\n/)[0] ?? "")
  const start = programIndex(tokens)
  const program = tokens[start]
  return program === undefined ? [] : [basename(program), ...tokens.slice(start + 1)]
}

/** For `git …` commands, the subcommand (`push`, `commit`, `checkout`…), skipping git's own options. */
export const gitSubcommand = (command: string): string | undefined => {
  const [program, ...rest] = commandWords(command)
  if (program !== "git") return undefined
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? ""
    if (word === "-C" || word === "-c" || word === "--git-dir" || word === "--work-tree") i++
    else if (!word.startsWith("-")) return /^[a-z][a-z-]*$/.test(word) ? word : "command"
  }
  return "command"
}

/** `["bash", "-lc", "script"]` (Codex exec) to the script; any other argv to one command line. */
export const commandFromArgv = (argv: ReadonlyArray<string>): string => {
  const [program, flag, script] = argv
  if (program !== undefined && /^(?:ba|z|da)?sh$/.test(basename(program)) && /^-l?c$/.test(flag ?? "") && script !== undefined) {
    return script
  }
  return argv.map((a) => (/[\s"'`]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)).join(" ")
}
