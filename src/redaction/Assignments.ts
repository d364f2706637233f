import { isPlaceholder, keyed, placeholder, type Rule } from "./Rule.ts"

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

/**
 * A quoted value (spaces allowed), a CI expression (`${{ secrets.X }}`) or a
 * bare value up to a delimiter; never an existing placeholder.
 */
const value = "(\"[^\"\\r\\n]+\"|'[^'\\r\\n]+'|\\$\\{\\{[^}\\r\\n]{0,200}\\}\\}|(?!\\[REDACTED:)[^\\s\"',;&<>]+)"

/**
 * Values that name a secret without being one, as secret scanners allow
 * them: CI expressions and variables (`${{ secrets.DB }}`, `$TOKEN`,
 * `${TOKEN}`, Azure's `$(System.AccessToken)`, `%TOKEN%`), code reading the
 * environment (`process.env.TOKEN`, `os.environ[`), a runner's mask (`***`),
 * literals (`true`, `null`, `secrets: inherit`) and YAML block indicators.
 * Redacting them hides which secret a workflow uses, a posture fact.
 */
const reference = new RegExp(
  "^(?:" + [
    // An expression holding a quoted literal (`${{ 'hunter2' }}`) may be the secret itself.
    "\\$\\{\\{[^}'\"]{0,200}\\}\\}",
    // Bare `$NAME` only in environment-variable case: `$up3rS3cret` in a config file is a password.
    "\\$[A-Z_][A-Z0-9_]{0,100}",
    "\\$\\{[A-Za-z_][A-Za-z0-9_]{0,100}\\}",
    "\\$\\([A-Za-z_][A-Za-z0-9_.]{0,100}\\)",
    "%[A-Za-z_][A-Za-z0-9_]{0,100}%",
    "(?:process\\.env|os\\.environ|os\\.getenv|System\\.getenv|ENV|secrets|vars)[.\\[(][^\\s]{0,200}",
    "\\*{3,}",
    "[|>][-+1-9]{0,2}"
  ].join("|") + ")$"
)
const literal = /^(?:true|false|null|none|nil|undefined|inherit|required|optional)$/i
const namesNoSecret = (v: string): boolean => reference.test(v) || literal.test(v)

const unquote = (s: string): string =>
  s.length >= 2 && (s[0] === "\"" || s[0] === "'") && s.endsWith(s[0]) ? s.slice(1, -1) : s

/**
 * Leaves alone what an assignment rule matched when the value names no
 * secret, or is YAML structure: after a line break, `key:` or `-` opens a
 * mapping or a list, it is not the value.
 */
const sparingNonSecrets = (rule: Rule): Rule => ({
  ...rule,
  replace: (m) => {
    const kept = m[1] ?? ""
    const v = unquote(m[2] ?? "")
    const structure = /[\r\n]/.test(kept) && /:$|^-$/.test(v)
    return namesNoSecret(v) || structure ? undefined : rule.replace(m)
  }
})

/** `password=…`, `"token": "…"`, `client_secret: …`: the key and separator stay. */
const genericAssignment = sparingNonSecrets(keyed(
  "secret",
  "((?:password|passwd|passphrase|secret[_-]?key|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key)" +
    "[\"']?\\s{0,3}[:=]\\s{0,3})" +
    value,
  "i",
  assignmentKind,
  ["pass", "secret", "token", "api", "key"]
))

/**
 * The ends of variable names the generic rule does not know: `*_PASS`
 * (DB_PASS, SMTP_PASS), `*PWD` (MYSQL_PWD; the shell's own PWD and OLDPWD
 * are directories, not passwords) and `*SECRET*` (CLIENT_SECRET_VALUE).
 * The separator is `=` (spaced on both sides or on neither: in a shell
 * `DB_PASS= cmd` sets an empty value) or a single `:`; never `::` or `==`,
 * and never a line break, so `DB_PASS=` at the end of a line stays empty.
 */
const secretNamedVariable = sparingNonSecrets(keyed(
  "secret",
  "((?:_pass|(?<=[A-Za-z0-9_-])(?<!(?<![A-Za-z0-9_.-])old)pwd|secret[A-Za-z0-9_-]{0,40})" +
    "[\"']?(?:=(?!=)|[ \\t]{1,3}=[ \\t]{1,3}|[ \\t]{0,3}:(?!:)[ \\t]{0,3}))" +
    value,
  "i",
  assignmentKind,
  ["_pass", "pwd", "secret"]
))

/**
 * A YAML block scalar under a secret-named key (`password: |`, `token: >-`):
 * the key, indicator and indentation stay, every line of the block (blank
 * lines inside it too) becomes one placeholder.
 */
const yamlBlock: Rule = {
  type: "secret",
  pattern: new RegExp(
    "((?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|_pass|pwd)" +
      "[A-Za-z0-9_-]{0,40}[\"']?[ \\t]{0,3}:[ \\t]{0,3}[|>][-+1-9]{0,2}[ \\t]{0,20}(?:#[^\\r\\n]{0,200})?\\r?\\n" +
      "([ \\t]{1,40}))" +
      "([^\\r\\n]{1,4096}(?:\\r?\\n(?:\\2[^\\r\\n]{0,4096}|[ \\t]{0,40}(?=\\r?\\n\\2))){0,400})",
    "gi"
  ),
  hints: ["pass", "secret", "token", "api", "key", "pwd"],
  replace: (m) => {
    const kept = m[1] ?? ""
    return isPlaceholder(m[3] ?? "") ? undefined : `${kept}${placeholder(assignmentKind(kept))}`
  }
}

export const assignmentRules: ReadonlyArray<Rule> = [yamlBlock, genericAssignment, secretNamedVariable]
