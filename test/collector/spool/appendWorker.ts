/**
 * Child process for the spool tests: appends `count` envelopes one by one to
 * the spool in argv[2] and prints each event_id only after its append
 * returned (fsynced). The parent may kill -9 it at any time.
 */
import { Effect } from "effect"
import { openSpool } from "../../../src/collector/spool/Spool.ts"
import { envelopeFor } from "./testEnvelopes.ts"

const [dir = "", tag = "w", countArg = "10"] = process.argv.slice(2)
const count = Number(countArg)

const program = Effect.scoped(
  Effect.gen(function* () {
    const spool = yield* openSpool(dir, { segmentBytes: 4096 })
    for (let i = 0; i < count; i++) {
      const env = yield* envelopeFor(`${tag}-${i}`)
      yield* spool.append([env])
      yield* Effect.promise(
        () => new Promise<void>((resolve) => process.stdout.write(`${env.event.event_id}\n`, () => resolve()))
      )
    }
  })
)

Effect.runPromise(program).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`)
    process.exit(1)
  }
)
