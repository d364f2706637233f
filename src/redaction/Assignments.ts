import { keyed, type Rule } from "./Rule.ts"

/**
 * Credential assignments: `password=…`, `"token": "…"`, `DB_PASS=…`,
 * `export AWS_SECRET_ACCESS_KEY="…"`. The name and separator stay, the value
 * becomes a placeholder named after the kind of name. These rules run after
 * the token-format rules, so a value that already is a typed placeholder
 * (`GITHUB_TOKEN=[REDACTED:github_token]`) is left alone.
 */

const assignmentKind = (key: string): string => {
  const k = key.toLowerCase()
  if (k.includes("pass") || k.includes("pwd")) return "password"
  if (k.includes("token")) return "token"
  if (k.includes("api")) return "api_key"
  if (k.includes("private")) return "private_key"
  return "secret"
}

/** A quoted value (spaces allowed) or a bare one up to a delimiter; never an existing placeholder. */
const value = "(\"[^\"\\r\\n]+\"|'[^'\\r\\n]+'|(?!\\[REDACTED:)[^\\s\"',;&<>]+)"

/** `password=…`, `"token": "…"`, `client_secret: …`: the key and separator stay. */
const genericAssignment = keyed(
  "secret",
  "((?:password|passwd|passphrase|secret[_-]?key|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key)" +
    "[\"']?\\s{0,3}[:=]\\s{0,3})" +
    value,
  "i",
  assignmentKind,
  ["pass", "secret", "token", "api", "key"]
)

/**
 * The ends of variable names the generic rule does not know: `*_PASS`
 * (DB_PASS, SMTP_PASS), `*PWD` (MYSQL_PWD; the shell's own PWD and OLDPWD
 * are directories, not passwords) and `*SECRET*` (CLIENT_SECRET_VALUE).
 * The separator is `=` (spaced on both sides or on neither: in a shell
 * `DB_PASS= cmd` sets an empty value) or a single `:`; never `::` or `==`,
 * and never a line break, so `DB_PASS=` at the end of a line stays empty.
 */
const secretNamedVariable = keyed(
  "secret",
  "((?:_pass|(?<=[A-Za-z0-9_-])(?<!(?<![A-Za-z0-9_.-])old)pwd|secret[A-Za-z0-9_-]{0,40})" +
    "[\"']?(?:=(?!=)|[ \\t]{1,3}=[ \\t]{1,3}|[ \\t]{0,3}:(?!:)[ \\t]{0,3}))" +
    value,
  "i",
  assignmentKind,
  ["_pass", "pwd", "secret"]
)

export const assignmentRules: ReadonlyArray<Rule> = [genericAssignment, secretNamedVariable]
