// Node platform code: the spool's acknowledgement log (node:fs).
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Effect } from "effect"
import type { SpoolIOError } from "./SpoolErrors.ts"
import { type AckLine, type AckStatus, encodeLine, parseAcks } from "./SpoolFormat.ts"
import { appendDurable, appendToSharedLog, closeQuietly, io, ioMaybe, syncDir } from "./SpoolFs.ts"

/**
 * `acks.jsonl` lists every event_id the engine answered for good (accepted,
 * duplicate, or permanently rejected). A record whose id is listed is done;
 * its segment is deleted once all of its records are done. Appends are one
 * fsynced write each; compaction rewrites the log through a temp file and an
 * atomic rename, keeping only ids that still have a record on disk.
 */
export const makeAckLog = (dir: string) => {
  const file = path.join(dir, "acks.jsonl")
  const done = new Map<string, AckLine>()
  let newest: AckLine | undefined
  let linesOnDisk = 0

  const remember = (lines: ReadonlyArray<AckLine>): void => {
    for (const l of lines) {
      done.set(l.id, l)
      if (newest === undefined || l.at >= newest.at) newest = l
    }
  }

  /** Merges what is on disk (other drainers may have acknowledged too). */
  const load: Effect.Effect<void, SpoolIOError> = Effect.gen(function* () {
    const buf = yield* ioMaybe("read", file, () => fs.readFile(file))
    if (buf === undefined) return
    const parsed = parseAcks(buf, true)
    linesOnDisk = parsed.values.length + parsed.torn
    remember(parsed.values)
  })

  const append = (lines: ReadonlyArray<AckLine>): Effect.Effect<void, SpoolIOError> =>
    lines.length === 0
      ? Effect.void
      : Effect.tap(appendToSharedLog(file, lines.map(encodeLine).join("")), () => {
          linesOnDisk += lines.length
          remember(lines)
        })

  /**
   * Keeps the acks of ids still on disk, plus the newest line so the last
   * acknowledgement time survives. An ack appended by another process between
   * our read and the rename can be lost: its record is then sent again and the
   * engine answers `duplicate` (stable event_id), which is acknowledged anew.
   */
  const rewrite = (live: ReadonlySet<string>): Effect.Effect<void, SpoolIOError> =>
    Effect.gen(function* () {
      const lines = [...done.values()].filter((l) => live.has(l.id) || l === newest)
      const tmp = path.join(dir, `acks.${process.pid}.tmp`)
      yield* Effect.acquireUseRelease(
        io("open", tmp, () => fs.open(tmp, "w", 0o600)),
        (h) => appendDurable(h, tmp, new TextEncoder().encode(lines.map(encodeLine).join(""))),
        closeQuietly
      )
      yield* io("rename", file, () => fs.rename(tmp, file))
      yield* syncDir(dir)
      for (const id of [...done.keys()]) if (!live.has(id) && id !== newest?.id) done.delete(id)
      linesOnDisk = lines.length
    })

  return {
    load,
    append,
    rewrite,
    isDone: (id: string): boolean => done.has(id),
    statusOf: (id: string): AckStatus | undefined => done.get(id)?.s,
    lastAckAt: (): string | undefined => newest?.at,
    linesOnDisk: (): number => linesOnDisk,
    doneCount: (): number => done.size
  }
}
