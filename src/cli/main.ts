import { Effect } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import { adminCall, type AdminTarget, CliError } from "./AdminClient.ts"

const usage = `aispm — operator CLI of the AISPM ingestion engine (talks to the running engine's admin API)

  aispm tenant create <tenant_ref> [--name <display name>]
  aispm tenant list
  aispm credential issue <tenant_ref> <collector|viewer|auditor> [--label L]
        [--connectors a,b] [--repositories org/*,org/repo] [--environments production,staging] [--event-types tool_call,...]
  aispm credential list <tenant_ref>
  aispm credential revoke <tenant_ref> <credential_id>

Engine and token: --url / AISPM_URL and --token / AISPM_ADMIN_TOKEN, else engine_url and admin_token
from <AISPM_DATA_DIR or ./data>/bootstrap.json. Output is JSON on stdout; errors are JSON on stderr (exit 1).`

const flag = (args: Array<string>, name: string): string | undefined => {
  const i = args.indexOf(`--${name}`)
  if (i < 0) return undefined
  const value = args[i + 1]
  args.splice(i, 2)
  return value
}

const list = (value: string | undefined) => value?.split(",").map((s) => s.trim()).filter((s) => s.length > 0)

const target = (args: Array<string>): AdminTarget => {
  const file = resolve(process.env["AISPM_DATA_DIR"] ?? "./data", "bootstrap.json")
  const boot = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {}
  // The engine's own prefix is optional, as for the collector.
  const url = (flag(args, "url") ?? process.env["AISPM_URL"] ?? boot["engine_url"] ?? "http://127.0.0.1:8080")
    .replace(/\/+$/, "").replace(/\/enterprise\/aispm$/, "")
  const token = flag(args, "token") ?? process.env["AISPM_ADMIN_TOKEN"] ?? boot["admin_token"] ?? ""
  return { url, token }
}

const run = (argv: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const args = [...argv]
    const t = target(args)
    const [noun, verb, ...rest] = args
    if (noun === "tenant" && verb === "create" && rest[0]) {
      const name = flag(rest, "name")
      return yield* adminCall(t, "POST", "/admin/tenants", { tenant_ref: rest[0], ...(name ? { display_name: name } : {}) })
    }
    if (noun === "tenant" && verb === "list") return yield* adminCall(t, "GET", "/admin/tenants")
    if (noun === "credential" && verb === "issue" && rest[0] && rest[1]) {
      const scopeFlags = {
        connector_ids: list(flag(rest, "connectors")),
        repositories: list(flag(rest, "repositories")),
        environments: list(flag(rest, "environments")),
        event_types: list(flag(rest, "event-types"))
      }
      const scopes = Object.fromEntries(Object.entries(scopeFlags).filter(([, v]) => v !== undefined))
      const label = flag(rest, "label")
      return yield* adminCall(t, "POST", "/admin/credentials", {
        tenant_ref: rest[0],
        role: rest[1],
        scopes,
        ...(label ? { label } : {})
      })
    }
    if (noun === "credential" && verb === "list" && rest[0]) {
      return yield* adminCall(t, "GET", `/admin/tenants/${encodeURIComponent(rest[0])}/credentials`)
    }
    if (noun === "credential" && verb === "revoke" && rest[0] && rest[1]) {
      return yield* adminCall(t, "POST", "/admin/credentials/revoke", { tenant_ref: rest[0], credential_id: rest[1] })
    }
    return yield* new CliError({ message: usage })
  })

const argv = process.argv.slice(2)
if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
  process.stdout.write(`${usage}\n`)
  process.exit(argv.length === 0 ? 2 : 0)
}

Effect.runPromiseExit(run(argv)).then((exit) => {
  if (exit._tag === "Success") {
    process.stdout.write(`${JSON.stringify(exit.value, null, 2)}\n`)
    return
  }
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (failure?.message === usage) {
    process.stderr.write(`${usage}\n`)
    process.exitCode = 2
    return
  }
  process.stderr.write(`${JSON.stringify(failure ? { error: failure.message, status: failure.status, body: failure.body } : { error: String(exit.cause) }, null, 2)}\n`)
  process.exitCode = 1
})
