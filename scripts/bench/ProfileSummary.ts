// Summarizes a V8 .cpuprofile (from `npm run bench -- --profile DIR`): self time by function and by package/folder.
// tsx scripts/bench/ProfileSummary.ts [--skip SECONDS] FILE|DIR...   (--skip leaves out the boot at the start of the profile;
// a folder stands for its main-thread profiles: Node names them CPU.<date>.<time>.<pid>.0.<n>.cpuprofile)
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly hitCount?: number
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const place = (url: string): string => {
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return nm[1]!
  const own = /\/(src|scripts)\/(.+?)\/[^/]+$/.exec(url)
  if (own) return `${own[1]}/${own[2]}`
  return url === "" ? "(native/vm)" : url.startsWith("node:") ? url : url.replace(/^.*\//, "")
}

const top = (m: Map<string, number>, total: number, n: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)

export const summarize = (file: string, skipSeconds = 0, n = 25): string => {
  const p = JSON.parse(readFileSync(file, "utf8")) as CpuProfile
  const byId = new Map(p.nodes.map((node) => [node.id, node]))
  const self = new Map<number, number>()
  let at = 0
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0
    at += dt
    if (at >= skipSeconds * 1e6) self.set(id, (self.get(id) ?? 0) + dt)
  })
  const byFunction = new Map<string, number>()
  const byPlace = new Map<string, number>()
  let total = 0
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame
    const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules|work\/main)\//, "")}:${f.lineNumber + 1}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + us)
    byPlace.set(place(f.url), (byPlace.get(place(f.url)) ?? 0) + us)
    total += us
  }
  return [`${file}: ${(total / 1e6).toFixed(1)} s sampled`, "by package/folder:", ...top(byPlace, total, 15),
    "by function (self):", ...top(byFunction, total, n)].join("\n")
}

const args = process.argv.slice(2)
const skipAt = args.indexOf("--skip")
const skip = skipAt < 0 ? 0 : Number(args[skipAt + 1])
const files = skipAt < 0 ? args : args.filter((_, i) => i !== skipAt && i !== skipAt + 1)
const mainThread = (path: string): ReadonlyArray<string> =>
  statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => /\.0\.\d+\.cpuprofile$/.test(f)).map((f) => join(path, f))
    : [path]
for (const file of files.flatMap(mainThread)) process.stdout.write(`${summarize(file, skip)}\n\n`)
