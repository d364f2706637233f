import { fake } from "./samples.ts"

/**
 * Gaps a penetration test found (passwords in URLs with `/` or `?`, secret-named
 * variables, suffixed GitHub tokens, Stripe and npm tokens, e-mail addresses
 * outside ASCII), and look-alikes that must stay as they are.
 */

/** [label, input, exact output, secret text that must be gone] */
export const credentialSamples: ReadonlyArray<readonly [string, string, string, string]> = [
  // Passwords in URLs
  [
    "url password with a slash",
    "postgres://admin:s3cr/etpass@10.0.0.5:5432/db",
    "postgres://admin:[REDACTED:url_password]@10.0.0.5:5432/db",
    "s3cr/etpass"
  ],
  ["url password with a question mark", "mysql://root:pa?ssword9@10.1.1.1/db", "mysql://root:[REDACTED:url_password]@10.1.1.1/db", "pa?ssword9"],
  ["url password with # and :", "amqp://svc:p#ss:w/rd@mq.internal/vhost", "amqp://svc:[REDACTED:url_password]@mq.internal/vhost", "p#ss:w/rd"],
  ["url password with @", "postgres://u:P@ssw0rd@db.internal/app", "postgres://u:[REDACTED:url_password]@db.internal/app", "ssw0rd"],
  ["url password in json", `{"url":"redis://:r3d/s?pw@cache:6379/0"}`, `{"url":"redis://:[REDACTED:url_password]@cache:6379/0"}`, "r3d/s?pw"],
  [
    "url password then an address",
    "clone https://bot:t0k/en@git.example.com/x.git, mail ops@example.org",
    "clone https://bot:[REDACTED:url_password]@git.example.com/x.git, mail [REDACTED:email]",
    "t0k/en"
  ],
  // Secret-named variables: the name stays, the value goes
  ["env *_PASS", "DB_PASS=hunter2value", "DB_PASS=[REDACTED:password]", "hunter2value"],
  ["env *_PASS lower case, ini spacing", "db_pass = hunter2value", "db_pass = [REDACTED:password]", "hunter2value"],
  ["yaml *_PASS quoted", `SMTP_PASS: "mail pass 1"`, `SMTP_PASS: "[REDACTED:password]"`, "mail pass 1"],
  ["json *_PASS", `{"DB_PASS":"jsonpass9"}`, `{"DB_PASS":"[REDACTED:password]"}`, "jsonpass9"],
  ["env *PWD", "MYSQL_PWD=Sup3rS3cret", "MYSQL_PWD=[REDACTED:password]", "Sup3rS3cret"],
  ["export *PWD single-quoted", "export MYSQL_PWD='x y z9'", "export MYSQL_PWD='[REDACTED:password]'", "x y z9"],
  ["env *PASSWORD", "PGPASSWORD=pgsecret99 psql", "PGPASSWORD=[REDACTED:password] psql", "pgsecret99"],
  ["env *PASSWD", "REDIS_PASSWD=rpw123abc", "REDIS_PASSWD=[REDACTED:password]", "rpw123abc"],
  [
    "export AWS_SECRET_ACCESS_KEY quoted, not 40 chars",
    `export AWS_SECRET_ACCESS_KEY="shortAWSsecret"`,
    `export AWS_SECRET_ACCESS_KEY="[REDACTED:secret]"`,
    "shortAWSsecret"
  ],
  ["env *SECRET*", "CLIENT_SECRET_VALUE=cs-value-1", "CLIENT_SECRET_VALUE=[REDACTED:secret]", "cs-value-1"],
  ["env *SECRET", "JWT_SECRET: jwtsecretvalue", "JWT_SECRET: [REDACTED:secret]", "jwtsecretvalue"],
  ["env *SECRET* token kind", "APP_SECRET_TOKEN='tok 123'", "APP_SECRET_TOKEN='[REDACTED:token]'", "tok 123"],
  ["env *TOKEN", "SLACK_BOT_TOKEN=xoxb-short", "SLACK_BOT_TOKEN=[REDACTED:token]", "xoxb-short"],
  ["env *API_KEY", "OPENAI_API_KEY=not-a-real-key", "OPENAI_API_KEY=[REDACTED:api_key]", "not-a-real-key"],
  ["env *APIKEY quoted", "MAPS_APIKEY='mapsKey42'", "MAPS_APIKEY='[REDACTED:api_key]'", "mapsKey42"],
  ["yaml password", `password: "pw in yaml"`, `password: "[REDACTED:password]"`, "pw in yaml"],
  ["cli --password=", "mysqldump --password=cli-pass-1 db", "mysqldump --password=[REDACTED:password] db", "cli-pass-1"],
  ["cli --client-secret=", "--client-secret=abc123def", "--client-secret=[REDACTED:secret]", "abc123def"],
  // YAML block scalars: every line of the block goes, blank lines inside it too
  ["yaml block password", "password: |\n  line one\n\n  line two\nnext: 1", "password: |\n  [REDACTED:password]\nnext: 1", "line two"],
  [
    "yaml folded token, indented, with a comment",
    "  token: >-  # the bot\n    abc-part\n    def-part\n  other: x",
    "  token: >-  # the bot\n    [REDACTED:token]\n  other: x",
    "def-part"
  ],
  // Block scalars a breaker got past the first version of the rule
  ["yaml block with blank lines, CRLF", "password: |-\r\n    a\r\n\r\n\r\n    more_Sup3rS3cret\r\nnext: 1", "password: |-\r\n    [REDACTED:password]\r\nnext: 1", "more_Sup3rS3cret"],
  ["yaml block with an anchor", "password: &a |\n  Sup3rS3cret", "password: &a |\n  [REDACTED:password]", "Sup3rS3cret"],
  ["yaml block starting with a blank line", "password: |\n\n  Sup3rS3cret", "password: |\n  [REDACTED:password]", "Sup3rS3cret"],
  ["yaml block less indented after its first line", "password: |2\n    lead\n  Sup3rS3cret", "password: |2\n    [REDACTED:password]", "Sup3rS3cret"],
  ["yaml block with CR line breaks", "password: |\r  Sup3rS3cret", "password: |\r  [REDACTED:password]", "Sup3rS3cret"],
  [
    "yaml block nested in a mapping",
    "  db:\n    password: |\n      s3cr3tline\n    host: x",
    "  db:\n    password: |\n      [REDACTED:password]\n    host: x",
    "s3cr3tline"
  ],
  ["yaml list under a secret key", "password:\n  - Sup3rS3cret", "password:\n  [REDACTED:password]", "Sup3rS3cret"],
  // Reference look-alikes that hold the secret
  ["a braced name in mixed case", "password=${Sup3rS3cretPw}", "password=[REDACTED:password]", "Sup3rS3cretPw"],
  ["a windows variable in mixed case", "api_key=%MyApiKeyIsThis1234%", "api_key=[REDACTED:api_key]", "MyApiKeyIsThis1234"],
  ["an azure variable that is one mixed-case word", "password=$(Sup3rS3cretPw)", "password=[REDACTED:password]", "Sup3rS3cretPw"],
  ["an environment read with a fallback", "password=process.env.X||Sup3rS3cret!", "password=[REDACTED:password]", "Sup3rS3cret"],
  ["ENV[] without quotes", "password=ENV[Sup3rS3cret]", "password=[REDACTED:password]", "Sup3rS3cret"],
  ["secrets. in mixed case", "password=secrets.Sup3rS3cret", "password=[REDACTED:password]", "Sup3rS3cret"],
  ["a ci expression naming no context", "password: ${{ hunter2Real }}", "password: [REDACTED:password]", "hunter2Real"],
  ["text glued after a ci expression", "password: ${{ secrets.X }}hunter2Real", "password: [REDACTED:password]", "hunter2Real"],
  // What looks like a reference but may be the value itself
  ["a $-prefixed password that is no environment variable", "password: $up3rS3cret", "password: [REDACTED:password]", "up3rS3cret"],
  ["a ci expression holding a literal", "password: ${{ 'lit-pass' }}", "password: [REDACTED:password]", "lit-pass"],
  [
    "a reference beside a literal",
    "with:\n  token: ${{ secrets.GITHUB_TOKEN }}\n  password: realpass123",
    "with:\n  token: ${{ secrets.GITHUB_TOKEN }}\n  password: [REDACTED:password]",
    "realpass123"
  ],
  // A second breaker round: lists, anchors and tags, quoting, key forms, defaults, flags, XML
  ["yaml list under a secret key, every item", "password:\n  - Zq9l1\n  - Zq9l2", "password:\n  [REDACTED:password]", "Zq9l2"],
  ["yaml list with CRLF", "password:\r\n  - Zq9l1\r\n  - Zq9l2", "password:\r\n  [REDACTED:password]", "Zq9l1"],
  ["yaml list indented four", "token:\n    - Zq9four", "token:\n    [REDACTED:token]", "Zq9four"],
  ["yaml list under *_PASS", "DB_PASS:\n  - Zq9l1", "DB_PASS:\n  [REDACTED:password]", "Zq9l1"],
  ["yaml block inside a list item", "password:\n  - |\n    Zq9blk", "password:\n  [REDACTED:password]", "Zq9blk"],
  ["yaml plain scalar on a deeper line", "password:\n    Zq9plain4", "password:\n    [REDACTED:password]", "Zq9plain4"],
  ["yaml anchor before the value", "password: &pw Zq9anc", "password: &pw [REDACTED:password]", "Zq9anc"],
  ["yaml tag before the value", "password: !!str Zq9tag", "password: !!str [REDACTED:password]", "Zq9tag"],
  ["spaces before the separator", "password      = Zq9spaced", "password      = [REDACTED:password]", "Zq9spaced"],
  ["a double-quoted value over two lines", "password: \"Zq9 first\n  Zq9second\"", "password: \"[REDACTED:password]\"", "Zq9second"],
  ["a single-quoted value with a doubled quote", "password: 'it''s Zq9sq'", "password: '[REDACTED:password]'", "Zq9sq"],
  ["a json value with an escaped quote", "{\"password\": \"ab\\\"Zq9esc\"}", "{\"password\": \"[REDACTED:password]\"}", "Zq9esc"],
  ["a flow sequence", "tokens: [Zq9a, Zq9b]", "tokens: [REDACTED:token]", "Zq9b"],
  ["a plural key", "passwords: Zq9plural", "passwords: [REDACTED:password]", "Zq9plural"],
  ["a compound key", "tokenValue: Zq9compound", "tokenValue: [REDACTED:token]", "Zq9compound"],
  ["a dotted key", "password.value: Zq9dotted", "password.value: [REDACTED:password]", "Zq9dotted"],
  ["a bare pass key", "pass: Zq9pass", "pass: [REDACTED:password]", "Zq9pass"],
  ["a hardcoded default of a secret env var (python)", "password = os.getenv(\"DB_PASSWORD\", \"Zq9default\")", "password = os.getenv(\"DB_PASSWORD\", \"[REDACTED:password]\")", "Zq9default"],
  ["a hardcoded default of a secret env var (node)", "x = process.env.DB_PASS || 'Zq9or'", "x = process.env.DB_PASS || '[REDACTED:password]'", "Zq9or"],
  ["a hardcoded default of a secret env var (ruby)", "ENV.fetch('API_KEY','Zq9fetch')", "ENV.fetch('API_KEY','[REDACTED:api_key]')", "Zq9fetch"],
  ["a flag and its value after a space", "mysql --password Zq9flag db", "mysql --password [REDACTED:password] db", "Zq9flag"],
  ["an xml element", "<password>Zq9xml</password>", "<password>[REDACTED:password]</password>", "Zq9xml"],
  // Token formats
  [
    "github token with an _suffix",
    `ghp_${fake.githubSuffix}_old`,
    "[REDACTED:github_token]_old",
    fake.githubSuffix
  ],
  ["github token after an _prefix", `OLD_ghp_${fake.githubSuffix}`, "OLD_[REDACTED:github_token]", fake.githubSuffix],
  ["stripe live secret key", `export STRIPE_SECRET_KEY=${fake.stripeLive}`, "export STRIPE_SECRET_KEY=[REDACTED:stripe_key]", fake.stripeLive],
  ["stripe test key", `new Stripe("${fake.stripeTest}")`, `new Stripe("[REDACTED:stripe_key]")`, fake.stripeTest],
  ["stripe restricted key", `STRIPE_KEY=${fake.stripeRestricted}`, "STRIPE_KEY=[REDACTED:stripe_key]", fake.stripeRestricted],
  [
    "npm token in .npmrc",
    `//registry.npmjs.org/:_authToken=${fake.npm}`,
    "//registry.npmjs.org/:_authToken=[REDACTED:npm_token]",
    fake.npm
  ],
  ["npm token in env", `NPM_TOKEN=${fake.npm} npm publish`, "NPM_TOKEN=[REDACTED:npm_token] npm publish", fake.npm],
  // E-mail addresses in any script
  ["email with umlauts", "jörg.müller@example.com", "[REDACTED:email]", "jörg"],
  ["email with a non-ASCII domain", "contact: zoë@exämple.de.", "contact: [REDACTED:email].", "zoë"],
  ["email with a decomposed umlaut", "jo\u0308rg@example.com wrote", "[REDACTED:email] wrote", "jo\u0308rg"],
  ["email in spanish", "to Ñandú.Pérez@correo.es, cc", "to [REDACTED:email], cc", "Ñandú"],
  ["email in chinese", "邮件 用户@例子.广告 已发送", "邮件 [REDACTED:email] 已发送", "用户"],
  ["email in cyrillic", "пишите иван@пример.рф", "пишите [REDACTED:email]", "иван"]
]

/** Look-alikes of the cases above that the redactor must leave exactly as they are. */
export const credentialLookAlikes: ReadonlyArray<string> = [
  "password reset page",
  "see the password reset page at /account",
  "PASS=",
  "DB_PASS=",
  "DB_PASS=\nNEXT_STEP=1",
  `DB_PASS=""`,
  "MYSQL_PWD=",
  "PWD=/home/user/project",
  "OLDPWD=/home/user",
  "cd $OLDPWD",
  "DB_PASS_FILE",
  "bypass=1 compass=north",
  "aws_sdk::secretsmanager::Client",
  "if secret_value == expected",
  // References to a secret and literals name no secret: which secret a workflow uses is a posture fact
  "secrets: inherit",
  "first_pass: true",
  "secret: null",
  "password: ${{ secrets.DB_PASSWORD }}",
  `password: "\${{ secrets.DB_PASSWORD }}"`,
  "token: $GITHUB_TOKEN",
  "DB_PASS=${DB_PASS}",
  "DB_PASS=$DB_PASS",
  "token: $(System.AccessToken)",
  "set API_KEY=%API_KEY%",
  "api_key: ***",
  "token=process.env.TOKEN",
  "secret_key = os.environ['SECRET']",
  "secrets:\n  DB: ${{ secrets.DB }}",
  "token:\n  name: foo",
  "password: |",
  "token:\n  - name: foo",
  "password=${env.DB_PASS}",
  "token: ${{ github.token }}",
  `pw = os.getenv("PW")`,
  "password: |\nnext: 1",
  "SharedAccessKeyName=Root",
  "\"token_uri\": \"https://oauth2.googleapis.com/token\"",
  "--password-file /run/pw",
  "--token-stdin",
  "passport: 12",
  "os.getenv(\"PORT\", \"8080\")",
  "token:\n  - name: foo\n    value: ${{ secrets.X }}",
  "the secret sauce",
  "sk_live",
  "sk_live_",
  "sk_test_mode_enabled",
  "pk_live_51HxQ2aBcDeFgHiJkLmNoPqRsTuVwXyZ0123",
  "npm_config_cache=/tmp/npm npm_package_version=1.0.0 npm_lifecycle_event=test",
  "npm_",
  "ghp_",
  "ghp_short_old",
  "http://localhost:5173/@vite/client",
  "https://registry.example.com:8443/v2/@scope/pkg",
  "jörg.müller",
  "größe@3.2",
  "@straße/pkg"
]
