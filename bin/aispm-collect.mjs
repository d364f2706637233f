#!/usr/bin/env node
// Runs the collector. Agent hooks start it on every tool call, so it starts
// from the bundle `npm ci` builds (scripts/build-collector.mjs), in this very
// process, while that bundle is newer than every source file. Otherwise it
// runs the TypeScript source through tsx's loader in one child process that
// inherits stdin, stdout and stderr as they are (the MCP relay and the hook
// protocols need the exact bytes), forwards the signals an agent or MCP client
// sends, and exits with the child's code.
import { spawn } from "node:child_process"
import { readdirSync, statSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const bundle = join(root, "node_modules", ".cache", "aispm", "aispm-collect.mjs")

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

/** The bundle, if it was built after the last change to src/ and package.json. */
const freshBundle = () => {
  const built = mtime(bundle)
  if (built === undefined) return false
  const sources = readdirSync(join(root, "src"), { recursive: true }).map((f) => join(root, "src", String(f)))
  return [join(root, "package.json"), ...sources].every((f) => (mtime(f) ?? 0) <= built)
}

if (process.env.AISPM_COLLECTOR_FROM_SOURCE !== "1" && freshBundle()) {
  await import(pathToFileURL(bundle).href)
} else {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href
  const main = join(root, "src", "collector", "cli", "main.ts")
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
}
