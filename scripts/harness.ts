// npm run harness -- --seed N [--tenants T --events E --batch B --json]
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { optionsOrExit, parseFlags, rateFlag, wholeFlag } from "./harness/Flags.ts"
import { formatReport } from "./harness/Format.ts"
import { runHarness } from "./harness/RunHarness.ts"
import { defaultHarnessOptions as d, type HarnessOptions } from "./harness/Workload.ts"

const usage = "usage: npm run harness -- --seed N [--tenants T] [--events E] [--batch B] " +
  "[--duplicate-rate P] [--invalid-rate P] [--secret-rate P] [--json]"

const readOptions = (argv: ReadonlyArray<string>): { readonly options: HarnessOptions; readonly json: boolean } => {
  const flags = parseFlags(argv, {
    numbers: ["seed", "tenants", "events", "batch", "duplicate-rate", "invalid-rate", "secret-rate"],
    booleans: ["json"]
  })
  return {
    json: flags.booleans.has("json"),
    options: {
      seed: wholeFlag(flags, "seed", d.seed, 0),
      tenants: wholeFlag(flags, "tenants", d.tenants),
      events: wholeFlag(flags, "events", d.events),
      batch: wholeFlag(flags, "batch", d.batch),
      duplicateRate: rateFlag(flags, "duplicate-rate", d.duplicateRate),
      invalidRate: rateFlag(flags, "invalid-rate", d.invalidRate),
      secretRate: rateFlag(flags, "secret-rate", d.secretRate)
    }
  }
}

const { options, json } = optionsOrExit(() => readOptions(process.argv.slice(2)), usage)

const main = Effect.gen(function*() {
  const report = yield* runHarness(options)
  yield* Console.log(json ? JSON.stringify(report, null, 2) : formatReport(report))
  // The digest is printed either way; a broken invariant or an unexpected answer also fails the run.
  if (!report.consistent || report.mismatches.length > 0) process.exitCode = 1
})

NodeRuntime.runMain(main)
