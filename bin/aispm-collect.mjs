#!/usr/bin/env node
// Runs the TypeScript collector through tsx's loader in one child process that
// inherits stdin, stdout and stderr as they are (the MCP relay and the hook
// protocols need the exact bytes), forwards the signals an agent or MCP client
// sends, and exits with the child's code.
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href
const main = join(here, "..", "src", "collector", "cli", "main.ts")
const child = spawn(process.execPath, ["--import", loader, main, ...process.argv.slice(2)], { stdio: "inherit" })

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal))
}
child.on("error", (error) => {
  process.stderr.write(`aispm-collect: could not start: ${error.message}\n`)
  process.exit(1)
})
child.on("exit", (code, signal) => {
  if (signal !== null) {
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
  }
  process.exit(code ?? 1)
})
