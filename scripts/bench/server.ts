// A bench server child: `node --import tsx scripts/bench/server.ts '<ServerSpec JSON>'` (started by scripts/bench.ts).
import { NodeRuntime } from "@effect/platform-node"
import { Logger, LogLevel } from "effect"
import { ceilingServer } from "./CeilingServer.ts"
import { engineServer } from "./EngineServer.ts"
import type { ServerSpec } from "./Protocol.ts"

const spec = JSON.parse(process.argv[2] ?? "{}") as ServerSpec

// The parent holds our stdin open: if it dies without stopping us, shut down the same way as on SIGTERM.
process.stdin.once("end", () => process.kill(process.pid, "SIGTERM"))
process.stdin.resume()

if (spec.kind === "ceiling") {
  ceilingServer(spec).catch((e: unknown) => {
    process.stderr.write(`ceiling server failed: ${String(e)}\n`)
    process.exit(1)
  })
} else {
  NodeRuntime.runMain(engineServer(spec).pipe(Logger.withMinimumLogLevel(LogLevel.Warning)))
}
