// Bundles the collector CLI (src/collector/cli/main.ts) into one ESM file, so
// that an agent hook starts in a fraction of the time it takes tsx to load the
// TypeScript source. Run by `npm ci` / `npm install` (the `prepare` script);
// bin/aispm-collect.mjs uses the bundle while it is newer than src/, and the
// source otherwise. A failed build never fails the install: the collector
// then runs from source. Plain JavaScript: it runs before anything else.
import { build } from "esbuild"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const flag = process.argv.indexOf("--outfile")
const outfile = flag === -1 ? join(root, "node_modules", ".cache", "aispm", "aispm-collect.mjs") : process.argv[flag + 1]

try {
  await build({
    entryPoints: [join(root, "src", "collector", "cli", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    legalComments: "none",
    logLevel: "warning",
    // Bundled CommonJS dependencies (pg, ws) call require: give the ES module one.
    banner: { js: "import { createRequire as __aispmRequire } from 'node:module'; const require = __aispmRequire(import.meta.url);" }
  })
} catch (e) {
  process.stderr.write(`aispm: the collector bundle was not built (${String(e)}); aispm-collect runs from source, slower to start\n`)
}
