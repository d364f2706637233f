import { keyed, placeholder, type Rule, unquote } from "./Rule.ts"

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
 * A quoted value (spaces and line breaks allowed, `\"` and YAML's `''`
 * escapes too), a CI expression (`${{ secrets.X }}`, with whatever is glued
 * after it), a flow sequence (`[a, b]`), a YAML list item (`- value`) or a
 * bare value up to a delimiter; never an existing placeholder.
 */
const value = "(\"(?:[^\"\\\\]|\\\\.){1,4096}\"|'(?:[^']|''){1,4096}'|" +
  "\\$\\{\\{[^}\\r\\n]{0,200}\\}\\}[^\\s\"',;&<>]*|\\[[^\\]\\r\\n]{1,4096}\\]|" +
  "-[ \\t]{1,3}(?!\\[REDACTED:)[^\\s\"',;&<>]+|(?!\\[REDACTED:)[^\\s\"',;&<>]+)"

/** Secret-named keys: the generic words, and `pass` standing alone. */
const secretKey = "(?:password|passwd|passphrase|passcode|secret[_-]?key|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|" +
  "credentials?|(?:encryption|signing|master|session|hmac|license|client|auth|app|jwt|cookie|cipher|aes|shared|storage|service|" +
  "account|subscription|function|webhook)[_-]?key|" +
  // A bare `pwd` too: the shell's PWD is a directory, and paths are spared (see codeNotValue).
  "(?<![A-Za-z0-9_])(?:pass|pw|pwd)(?![A-Za-z0-9])|(?<![A-Za-z0-9])_?auth(?![A-Za-z0-9]))"

/**
 * Values that name a secret without being one, as secret scanners allow
 * them: CI expressions and variables (`${{ secrets.DB }}`, `$TOKEN`,
 * `${TOKEN}`, Azure's `$(System.AccessToken)`, `%TOKEN%`), code reading the
 * environment (`process.env.TOKEN`, `os.environ[`), a runner's mask (`***`),
 * literals (`true`, `null`, `secrets: inherit`) and YAML block indicators.
 * Redacting them hides which secret a workflow uses, a posture fact.
 */
/** An environment variable's name as shells and CI runners write them. */
const envName = "[A-Z_][A-Z0-9_]{0,100}"
/** A dotted name (`System.AccessToken`, `env.DB_PASS`): a variable, never a password. */
const dotted = "[A-Za-z_][A-Za-z0-9_]{0,50}(?:\\.[A-Za-z_][A-Za-z0-9_-]{0,50}){1,5}"
const reference = new RegExp(
  "^(?:" + [
    // One property of a GitHub Actions context; a literal inside (`${{ 'hunter2' }}`) may be the secret itself.
    "\\$\\{\\{\\s{0,5}(?:secrets|vars|env|inputs|github|steps|needs|matrix|runner|job|strategy)(?:\\.[A-Za-z0-9_-]{1,100}){1,5}\\s{0,5}\\}\\}",
    // `$NAME`, `${NAME}`, `$(NAME)`, `%NAME%` only in environment-variable case or dotted:
    // `$up3rS3cret` or `${Sup3rS3cret}` in a config file is a password.
    `\\$${envName}`,
    `\\$\\{(?:${envName}|${dotted})\\}`,
    `\\$\\((?:${envName}|${dotted})\\)`,
    `%${envName}%`,
    // Code reading the environment, the name after it: `process.env.X`, `os.environ[` (a quote ends the value).
    "process\\.env\\.[A-Za-z_][A-Za-z0-9_]{0,100}",
    "(?:process\\.env\\[|os\\.environ\\[|os\\.environ\\.get\\(|os\\.getenv\\(|ENV\\[|ENV\\.fetch\\(|System\\.getenv\\()",
    `(?:secrets|vars)\\.${envName}`,
    "\\*{3,}",
    "[|>][-+1-9]{0,2}"
  ].join("|") + ")$"
)
const literal = /^(?:true|false|null|none|nil|undefined|inherit|required|optional)$/i
/**
 * An annotation's type (`password: string;`), a property path in code
 * (`req.body.password`, `config.secret`) or an absolute file path
 * (`token: /run/secrets/token`, the shell's `PWD=/home/me`): where a
 * secret is, not what it is.
 */
const codeNotValue = new RegExp(
  "^(?:string|str|String|number|int|integer|bool|boolean|bytes|any|unknown|SecretStr|Optional\\[[A-Za-z]{1,20}\\]" +
    "|(?!secrets\\.|vars\\.)[a-z_$][A-Za-z0-9_$]{0,40}(?:\\.[A-Za-z_$][A-Za-z0-9_$]{0,40}){1,6}|(?:/|~/|[A-Za-z]:\\\\)[^\\s]{0,4096})[?]?$"
)
const namesNoSecret = (v: string): boolean => reference.test(v) || literal.test(v) || codeNotValue.test(v)

/**
 * Leaves alone what an assignment rule matched when the value names no
 * secret, or is YAML structure: after a line break, `key:` (or `- key:`)
 * opens a mapping, it is not the value.
 */
const sparingNonSecrets = (rule: Rule): Rule => ({
  ...rule,
  replace: (m) => {
    const kept = m[1] ?? ""
    const v = unquote(m[2] ?? "")
    const structure = /[\r\n]/.test(kept) && /:$/.test(v)
    return namesNoSecret(v) || structure ? undefined : rule.replace(m)
  }
})

/** Key suffixes that name something about a secret, not the secret: `SharedAccessKeyName`, `token_uri`, `token_count`. */
const notAboutTheSecret =
  "(?<!name|id|type|count|length|size|path|file|url|uri|policy|format|version|ttl|expiry|expires|usage|limit|used|ref|endpoint|header|scope|scopes|kind)"

/** Type names in annotations (`password: string`): never the secret. */
const typeName = "(?:string|str|String|number|int|integer|bool|boolean|bytes|any|unknown|SecretStr|Optional\\[[A-Za-z]{1,20}\\]|[A-Z][A-Za-z0-9]{0,30}\\??)"

/** A key word with a suffix (`max_tokens`, `password_min`) whose value is a plain number: a setting, not a secret. */
const sparingNumbersOfSuffixedKeys = (rule: Rule): Rule => ({
  ...rule,
  replace: (m) =>
    /^\d{1,12}$/.test(m[2] ?? "") && !new RegExp(`^${secretKey}["']?[ \\t]*[:=]`, "i").test(m[1] ?? "")
      ? undefined
      : rule.replace(m)
})

/**
 * `password=…`, `"token": "…"`, `client_secret: …`, `passwords: […]`,
 * `apiKeys = …`, `password: !!str …`: the key (with any suffix), separator
 * and a YAML tag or anchor stay. Never `==` or `::` (a comparison, a path).
 */
const genericAssignment = sparingNumbersOfSuffixedKeys(sparingNonSecrets(keyed(
  "secret",
  `(${secretKey}[A-Za-z0-9_.-]{0,40}${notAboutTheSecret}["']?[ \\t]{0,20}` +
    // After `=` a line break ends the value (an empty one in env files); after `:` YAML may go on below.
    // A type annotation before `=` (`password: string = …`, `token: str = …`) stays with the key.
    `(?:[ \\t]{0,3}:[ \\t]{0,3}${typeName}[ \\t]{0,3}(?==))?` +
    `(?::=[ \\t]{0,20}|=>[ \\t]{0,20}|<-[ \\t]{0,20}|=(?![:=])[ \\t]{0,20}|:(?![:=])\\s{0,40})(?:[!&][^\\s"',]{1,100}[ \\t]{1,3})?)` + value,
  "i",
  assignmentKind,
  ["pass", "secret", "token", "api", "key", "pw", "auth", "credential"]
)))

/** ADO.NET / ODBC / JDBC connection strings: `…;Password=S3cret Pass;…`, `…;PWD=…;` run to the next `;`. */
const connectionStringPassword = keyed(
  "secret",
  "((?<=;)[ \\t]{0,3}(?:password|pwd)[ \\t]{0,3}=[ \\t]{0,3})((?!\\[REDACTED:)[^;\\r\\n\"']{1,400})",
  "i",
  assignmentKind,
  ["password", "pwd"]
)

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
 * A YAML block scalar under a secret-named key (`password: |`, `token: >-`,
 * `key: !!binary |`, `pass: &a |2`): the key line stays, the whole block
 * becomes one placeholder at the block's indentation. The block is every
 * following line indented deeper than the key's line, blank lines anywhere
 * in it included, with any line break (LF, CRLF, CR).
 */
const blockScalar = new RegExp(
  // 1: the key line's indentation; the key line starts a line.
  "(?<![^\\r\\n])([ \\t]{0,40})" +
    // 2: key, indicator (after an optional tag or anchor) and comment.
    "([^\\r\\n]{0,80}?(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|_pass|pwd)" +
    "[A-Za-z0-9_-]{0,40}[\"']?[ \\t]{0,10}:[ \\t]{0,10}(?:[!&][^\\s]{1,100}[ \\t]{1,10}){0,2}" +
    "[|>][-+1-9]{0,2}[ \\t]{0,200}(?:#[^\\r\\n]{0,1000})?)" +
    // 3: the block: lines deeper than the key line, or blank.
    "((?:(?:\\r\\n|\\r(?!\\n)|\\n)(?:\\1[ \\t]+[^\\r\\n]{0,4096}|[ \\t]{0,200}(?=[\\r\\n]))){1,4096})",
  "gi"
)

const onlyPlaceholder = /^\[REDACTED:[a-z_]+\]$/

const yamlBlock: Rule = {
  type: "secret",
  pattern: blockScalar,
  hints: ["pass", "secret", "token", "api", "key", "pwd"],
  replace: (m) => {
    const [, indent = "", kept = "", block = ""] = m
    const content = block.trim()
    if (content === "" || onlyPlaceholder.test(content)) return undefined
    const lineBreak = /\r\n|\r|\n/.exec(block)?.[0] ?? "\n"
    const firstLine = block.split(/\r\n|\r|\n/).find((line) => line.trim() !== "") ?? ""
    const blockIndent = /^[ \t]*/.exec(firstLine)?.[0] ?? ""
    return `${indent}${kept}${lineBreak}${blockIndent}${placeholder(assignmentKind(kept))}`
  }
}

/**
 * A YAML value written below its secret-named key without an indicator:
 * list items (`password:` then `  - a`, `  - b`) or a plain scalar going on
 * over deeper-indented lines. Lines that open a mapping (`DB: …`,
 * `- name: …`) are structure, left to the per-key rules.
 */
const yamlBelowKey: Rule = {
  type: "secret",
  pattern: new RegExp(
    "(?<![^\\r\\n])([ \\t]{0,40})" +
      `([^\\r\\n]{0,80}?(?:${secretKey}|_pass|pwd)[A-Za-z0-9_.-]{0,40}["']?[ \\t]{0,10}:[ \\t]{0,10}(?:#[^\\r\\n]{0,1000})?)` +
      "((?:(?:\\r\\n|\\r(?!\\n)|\\n)(?:\\1[ \\t]+(?![^\\r\\n]{0,4096}?:(?:[ \\t]|$))[^\\r\\n]{1,4096}|[ \\t]{0,200}(?=[\\r\\n]))){1,4096})",
    "gi"
  ),
  hints: ["pass", "secret", "token", "api", "key", "pwd"],
  replace: yamlBlock.replace
}

/**
 * The default a program falls back to when a secret-named environment
 * variable is unset is a secret written in the code:
 * `os.getenv("DB_PASSWORD", "…")`, `ENV.fetch('API_KEY', '…')`,
 * `process.env.DB_PASS || '…'` (or `??`).
 */
const secretDefault = keyed(
  "secret",
  "((?:(?:getenv|environ\\.get|ENV\\.fetch|env\\.get)\\(\\s{0,3}[\"'][A-Za-z0-9_.-]{0,60}(?:pass|secret|token|key|pwd)[A-Za-z0-9_.-]{0,60}[\"']\\s{0,3},\\s{0,3})|" +
    "(?:process\\.env(?:\\.|\\[[\"'])[A-Za-z0-9_]{0,60}(?:pass|secret|token|key|pwd)[A-Za-z0-9_]{0,60}[\"']?\\]?\\s{0,3}(?:\\|\\||\\?\\?)\\s{0,3}))" +
    "(\"[^\"\\r\\n]{1,1000}\"|'[^'\\r\\n]{1,1000}'|`[^`\\r\\n]{1,1000}`)",
  "i",
  assignmentKind,
  ["getenv", "environ.get", "env.fetch", "env.get", "process.env"]
)

/** A command-line flag and its value after a space: `--password hunter2`, `--api-key "…"`. */
const secretFlag = keyed(
  "secret",
  // `--admin-password`, `--registration-token`, `-storepass` too; never `--password-file` or `--token-stdin`.
  "((?<![A-Za-z0-9-])--?(?:[a-z0-9]{1,20}-){0,3}(?:password|passwd|pass|passphrase|token|secret|client-secret|api-key|apikey|" +
    "access-key|private-key|secret-key|storepass|keypass)" +
    "[ \\t]{1,3})(\"[^\"\\r\\n]{1,1000}\"|'[^'\\r\\n]{1,1000}'|(?!-|\\[REDACTED:)[^\\s\"',;&<>]+)",
  "i",
  assignmentKind,
  ["pass", "token", "secret", "key"]
)

/**
 * Passwords that well-known clients take as short flags, which mean other
 * things elsewhere (`-p` is a port to ssh, a parent to mkdir): only after
 * the command's name. `mysql -pS3cret`, `docker login -p S3cret`,
 * `sshpass -p S3cret`, `sqlcmd -P S3cret`, `redis-cli -a S3cret`,
 * `curl -u user:S3cret` (the user stays).
 */
const clientPassword = keyed(
  "password",
  "(\\b(?:(?:mysql|mysqldump|mariadb|mysqladmin)\\b[^\\r\\n|;&]{0,200}?\\s-p|" +
    "(?:(?:docker|podman|nerdctl|buildah|skopeo|helm|oras)(?:\\s+registry)?\\s+login|mongosh|mongo|az\\s+login|sshpass)\\b[^\\r\\n|;&]{0,200}?\\s-p[ \\t]{0,3}|" +
    "sqlcmd\\b[^\\r\\n|;&]{0,200}?\\s-P[ \\t]{1,3}|redis-cli\\b[^\\r\\n|;&]{0,200}?\\s-a[ \\t]{1,3}|" +
    "curl\\b[^\\r\\n|;&]{0,300}?\\s(?:-u|--user)[ \\t]{1,3}[\"']?[^\\s:\"']{1,100}:))" +
    "(\"[^\"\\r\\n]{1,1000}\"|'[^'\\r\\n]{1,1000}'|(?!-|\\[REDACTED:)[^\\s\"']+)",
  "",
  undefined,
  ["mysql", "mariadb", "login", "mongo", "sshpass", "sqlcmd", "redis-cli", "curl"]
)

/**
 * A name/value pair whose name is secret-named: Kubernetes and Compose env
 * lists (`- name: DB_PASSWORD` / `value: …`), HAR, Postman and ECS task
 * definitions (`{"name": "Authorization", "value": "…"}`).
 */
const secretNamedPair = keyed(
  "secret",
  "(\\bname[\"']?[ \\t]{0,3}[:=][ \\t]{0,3}[\"']?[A-Za-z0-9_.-]{0,60}" +
    "(?:pass|secret|token|key|pwd|auth|credential|cookie)[A-Za-z0-9_.-]{0,60}[\"']?[ \\t]{0,3}" +
    "(?:,|\\r?\\n)[ \\t]{0,40}(?:-[ \\t]{1,3})?[\"']?value[\"']?[ \\t]{0,3}[:=][ \\t]{0,3})" +
    "(\"(?:[^\"\\\\]|\\\\.){1,4096}\"|'[^'\\r\\n]{1,4096}'|(?!\\[REDACTED:)[^\\s\"',;&<>}]+)",
  "i",
  () => "secret",
  ["name"]
)

/** An XML element named for a secret: `<password>…</password>`, `<apiKey>…</apiKey>`. */
const secretElement = keyed(
  "secret",
  `(<[A-Za-z0-9_:.-]{0,40}${secretKey}[A-Za-z0-9_.-]{0,40}>)([^<]{1,4096})(?=</)`,
  "i",
  assignmentKind,
  ["pass", "secret", "token", "api", "key"]
)

export const assignmentRules: ReadonlyArray<Rule> = [
  yamlBlock,
  yamlBelowKey,
  secretDefault,
  secretFlag,
  clientPassword,
  secretNamedPair,
  secretElement,
  connectionStringPassword,
  genericAssignment,
  secretNamedVariable
]
