// npm run demo [-- --seed N --events E --frame F --window W --every D]
import { NodeRuntime } from "@effect/platform-node"
import { optionsOrExit, parseFlags, wholeFlag } from "./harness/Flags.ts"
import { runDemo } from "./demo/RunDemo.ts"
import type { DemoOptions } from "./demo/Steps.ts"

const readOptions = (argv: ReadonlyArray<string>): DemoOptions => {
  const flags = parseFlags(argv, { numbers: ["seed", "events", "frame", "window", "every"] })
  return {
    seed: wholeFlag(flags, "seed", 42, 0),
    events: wholeFlag(flags, "events", 600),
    frameSize: wholeFlag(flags, "frame", 50),
    window: wholeFlag(flags, "window", 4),
    everyDeltas: wholeFlag(flags, "every", 60)
  }
}

const usage = "usage: npm run demo [-- --seed N --events E --frame F --window W --every D]"

NodeRuntime.runMain(runDemo(optionsOrExit(() => readOptions(process.argv.slice(2)), usage)))
