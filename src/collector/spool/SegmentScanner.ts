// Node platform code: reads the spool's segment files (node:fs).
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Effect } from "effect"
import type { SpoolIOError } from "./SpoolErrors.ts"
import { type RecordLine, type SegmentName, parseRecords, parseSegmentName, sealedName } from "./SpoolFormat.ts"
import { io, ioMaybe, processAlive, syncDir } from "./SpoolFs.ts"

export interface ScannedSegment {
  readonly name: SegmentName
  readonly path: string
  readonly size: number
  readonly records: ReadonlyArray<RecordLine>
  readonly torn: number
}

interface Cached {
  readonly size: number
  readonly final: boolean
  readonly records: ReadonlyArray<RecordLine>
  readonly torn: number
}

/**
 * Reads every segment in creation order, re-parsing a file only when its size
 * or finality changed. A segment is final once sealed or once its writer
 * process is gone; only then is an unterminated tail judged (kept if whole,
 * counted as torn otherwise). A live writer's tail may still be in flight.
 */
export const makeSegmentScanner = (segDir: string) => {
  const cache = new Map<string, Cached>()

  const list: Effect.Effect<ReadonlyArray<SegmentName>, SpoolIOError> = Effect.map(
    io("readdir", segDir, () => fs.readdir(segDir)),
    (files) =>
      files
        .sort()
        .map(parseSegmentName)
        .filter((n): n is SegmentName => n !== undefined)
  )

  const readOne = (name: SegmentName): Effect.Effect<ScannedSegment | undefined, SpoolIOError> =>
    Effect.gen(function* () {
      const file = path.join(segDir, name.file)
      const final = name.sealed || !processAlive(name.pid)
      const stat = yield* ioMaybe("stat", file, () => fs.stat(file))
      if (stat === undefined) return undefined
      const hit = cache.get(name.file)
      if (hit !== undefined && hit.size === stat.size && hit.final === final) {
        return { name, path: file, size: hit.size, records: hit.records, torn: hit.torn }
      }
      const buf = yield* ioMaybe("read", file, () => fs.readFile(file))
      if (buf === undefined) return undefined
      const parsed = parseRecords(buf, final)
      cache.set(name.file, { size: buf.length, final, records: parsed.values, torn: parsed.torn })
      return { name, path: file, size: buf.length, records: parsed.values, torn: parsed.torn }
    })

  const scan: Effect.Effect<ReadonlyArray<ScannedSegment>, SpoolIOError> = Effect.gen(function* () {
    const names = yield* list
    const present = new Set(names.map((n) => n.file))
    for (const key of cache.keys()) if (!present.has(key)) cache.delete(key)
    const out: Array<ScannedSegment> = []
    for (const name of names) {
      const seg = yield* readOne(name)
      if (seg !== undefined) out.push(seg)
    }
    return out
  })

  /** Seals segments left open by a writer that died (kill -9): nobody will append to them again. */
  const sealOrphans: Effect.Effect<number, SpoolIOError> = Effect.gen(function* () {
    let sealed = 0
    for (const name of yield* list) {
      if (name.sealed || processAlive(name.pid)) continue
      const from = path.join(segDir, name.file)
      // ENOENT: another process sealed it first, which is just as good.
      yield* ioMaybe("rename", from, () => fs.rename(from, path.join(segDir, sealedName(name.file))))
      sealed++
    }
    if (sealed > 0) yield* syncDir(segDir)
    return sealed
  })

  const usedBytes: Effect.Effect<number, SpoolIOError> = Effect.gen(function* () {
    let total = 0
    for (const name of yield* list) {
      const file = path.join(segDir, name.file)
      const stat = yield* ioMaybe("stat", file, () => fs.stat(file))
      total += stat?.size ?? 0
    }
    return total
  })

  return { scan, sealOrphans, usedBytes }
}
