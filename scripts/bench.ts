// npm run bench [-- --seconds S --warmup W --events N --store embedded|postgres|both --tenants T --bytes B --profile DIR --json]
import { cpus, loadavg } from "node:os"
import { optionsOrExit, parseFlags, wholeFlag } from "./harness/Flags.ts"
import { header, row } from "./bench/Format.ts"
import { modes } from "./bench/Modes.ts"
import { type ModeResult, runMode, type RunSettings, type Store } from "./bench/RunMode.ts"

const usage = "usage: npm run bench -- [--seconds S] [--warmup W] [--events N] [--store embedded|postgres|both] " +
  "[--tenants T] [--bytes B] [--profile DIR] [--json]"

const readOptions = (argv: ReadonlyArray<string>) => {
  const flags = parseFlags(argv, {
    numbers: ["seconds", "warmup", "events", "tenants", "bytes"],
    strings: ["store", "profile"],
    booleans: ["json"]
  })
  const fallbackStore = process.env["DATABASE_URL"] ? "postgres" : "embedded"
  const store = flags.strings.get("store") ?? fallbackStore
  if (!["embedded", "postgres", "both"].includes(store)) throw new Error(`--store must be embedded, postgres or both: ${store}`)
  const profileDir = flags.strings.get("profile")
  return {
    json: flags.booleans.has("json"),
    stores: (store === "both" ? ["embedded", "postgres"] : [store]) as ReadonlyArray<Store>,
    settings: {
      tenants: wholeFlag(flags, "tenants", 2),
      warmupSeconds: wholeFlag(flags, "warmup", 2, 0),
      seconds: wholeFlag(flags, "seconds", 8),
      maxEvents: flags.numbers.get("events") ?? Number.POSITIVE_INFINITY,
      envelopeBytes: wholeFlag(flags, "bytes", 2048, 200),
      ...(profileDir === undefined ? {} : { profileDir })
    } satisfies Omit<RunSettings, "store">
  }
}

const { json, stores, settings } = optionsOrExit(() => readOptions(process.argv.slice(2)), usage)
const say = (line: string) => process.stderr.write(`${line}\n`)

const results: Array<ModeResult> = []
say(
  `AISPM bench: node ${process.version}, ${cpus().length} CPUs (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}); ` +
    `${settings.tenants} tenants; ` +
    `${settings.warmupSeconds} s warm-up + ${settings.seconds} s measured per mode; each mode on a fresh server child and store`
)
for (const store of stores) {
  say(`\n${header}`)
  let ceiling: number | undefined
  for (const mode of modes) {
    const r = await runMode(mode, { ...settings, store })
    if (mode.server === "ceiling") ceiling = r.eventsPerSecond
    results.push(r)
    say(row(r, ceiling))
    if (r.profile) say(`  profile: npx tsx scripts/bench/ProfileSummary.ts --skip ${r.profile.skipSeconds} ${r.profile.dir}`)
  }
}
const bytes = results[0]?.envelopeBytes ?? 0
say(
  `\nenvelopes ~${Math.round(bytes)} bytes; events/s = acknowledged (durable) envelopes per second in the window; ` +
    `latency = send to acknowledgement per envelope; peak RSS = the server process's VmHWM ` +
    `(PostgreSQL's own processes not included); srv CPU = server process CPU in % of one core.`
)
if (json) process.stdout.write(`${JSON.stringify({ settings: { ...settings, stores }, results }, null, 2)}\n`)
