import { Console, Effect, Logger, LogLevel, Option, Ref } from "effect"
import type { ReplayPacket } from "../../src/projection/Views.ts"
import { startDashboard } from "./Dashboard.ts"
import { startDemoEngine } from "./DemoEngine.ts"
import { expectStatus, httpJson } from "./Http.ts"
import { type ChainAuditJson, chainLines, type HealthJson, healthLines, replayLines } from "./Report.ts"
import { type DemoContext, type DemoOptions, demoSteps } from "./Steps.ts"

const printAll = (lines: ReadonlyArray<string>) => Console.log(lines.join("\n"))

/** What an auditor and an operator look at afterwards: a replay packet, the chain audit, the health report. */
const finale = (ctx: DemoContext) =>
  Effect.gen(function*() {
    const { baseUrl } = ctx.engine
    const session = yield* Ref.get(ctx.replaySession)
    if (Option.isSome(session)) {
      const reply = yield* httpJson(`${baseUrl}/replay/${encodeURIComponent(session.value)}`, ctx.auditor)
      yield* printAll(replayLines(yield* expectStatus<ReplayPacket>(reply, 200), 8))
    }
    yield* printAll(chainLines(yield* expectStatus<ChainAuditJson>(yield* httpJson(`${baseUrl}/audit/chain`, ctx.auditor), 200)))
    yield* printAll(healthLines(yield* expectStatus<HealthJson>(yield* httpJson(`${baseUrl}/ingestion/health`, ctx.viewer), 200)))
  })

/**
 * `npm run demo`: the engine in this process on a fresh embedded store, a
 * dashboard on the tenant's stream, the public example over HTTPS, a
 * generated stream from several collectors over WebSockets, the posture as
 * it changes, then a replay packet, the chain audit and the health report.
 */
export const runDemo = (options: DemoOptions) =>
  Effect.scoped(Effect.gen(function*() {
    const engine = yield* startDemoEngine
    yield* Console.log(`engine listening on ${engine.baseUrl} (embedded store in ${engine.dataDir})`)
    const tenantRef = "tenant:demo-acme"
    yield* engine.createTenant(tenantRef, "Acme (demo)")
    const viewer = yield* engine.issue(tenantRef, "viewer", "demo dashboard")
    const auditor = yield* engine.issue(tenantRef, "auditor", "demo auditor")
    const dashboard = yield* startDashboard(engine.baseUrl, viewer, { everyDeltas: options.everyDeltas })
    const ctx: DemoContext = {
      engine,
      tenantRef,
      viewer,
      auditor,
      options,
      acknowledged: yield* Ref.make(0),
      replaySession: yield* Ref.make(Option.none<string>())
    }
    for (const step of demoSteps) {
      yield* Console.log(`\n== ${step.title}`)
      yield* step.run(ctx)
    }
    const head = yield* Ref.get(ctx.acknowledged)
    yield* dashboard.reached(head)
    yield* Console.log(`\n== the dashboard saw every committed event up to seq ${head} (${yield* dashboard.deltas} deltas)`)
    yield* dashboard.stop
    yield* finale(ctx)
  })).pipe(Logger.withMinimumLogLevel(LogLevel.Warning))
