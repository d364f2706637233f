// Node platform code: the collector's durable local spool (node:fs, node:path).
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import { Clock, Effect, type Scope } from "effect"
import type { Envelope } from "../../domain/Envelope.ts"
import type { Spool, SpoolOptions, SpooledEnvelope } from "./SpoolApi.ts"
import { makeAckLog } from "./AckLog.ts"
import { makeSegmentScanner } from "./SegmentScanner.ts"
import { makeSegmentWriter } from "./SegmentWriter.ts"
import { SpoolFull, type SpoolIOError } from "./SpoolErrors.ts"
import { encodeLine, parseRejected } from "./SpoolFormat.ts"
import { appendToSharedLog, io, ioMaybe, syncDir } from "./SpoolFs.ts"

export type { Rejection, Spool, SpoolOptions, SpooledEnvelope } from "./SpoolApi.ts"

/**
 * Layout of a spool directory (mode 0700):
 *   segments/seg-….open.jsonl  one per writer process, appended only by it
 *   segments/seg-….jsonl       sealed segments (writer closed or died)
 *   acks.jsonl                 event_ids the engine answered for good
 *   rejected.jsonl             permanent refusals with their reason
 *
 * Concurrency choice: instead of many processes appending to one file, each
 * process appends to its own segment (O_APPEND, one write(2) + fsync per
 * batch). Short-lived hook processes therefore never interleave bytes, a torn
 * tail can only be the last line of a dead writer's file, and a segment is
 * deleted only once sealed and fully acknowledged, so no append can land in a
 * file being deleted.
 */
export const defaultSpoolDir = (): string => process.env["AISPM_SPOOL_DIR"] ?? path.join(os.homedir(), ".aispm", "spool")

const nowIso = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

/** Opens (and recovers) a spool; the scope seals this process's segment when it closes. */
export const openSpool = (dir: string, options: SpoolOptions = {}): Effect.Effect<Spool, SpoolIOError, Scope.Scope> =>
  Effect.gen(function* () {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
    const segDir = path.join(dir, "segments")
    const rejectedFile = path.join(dir, "rejected.jsonl")
    yield* io("mkdir", segDir, () => fs.mkdir(segDir, { recursive: true, mode: 0o700 }))
    const scanner = makeSegmentScanner(segDir)
    const acks = makeAckLog(dir)
    yield* acks.load
    yield* scanner.sealOrphans
    // Registered before the writer, so it runs after the writer sealed its segment: a run whose
    // envelopes were all acknowledged leaves no segment behind.
    let compactOnClose: Effect.Effect<void> = Effect.void
    yield* Effect.addFinalizer(() => Effect.suspend(() => compactOnClose))
    const writer = yield* makeSegmentWriter(segDir, options.segmentBytes ?? 1024 * 1024)
    const writeLock = yield* Effect.makeSemaphore(1)
    const ackLock = yield* Effect.makeSemaphore(1)

    const append = (envelopes: ReadonlyArray<Envelope>) =>
      writeLock.withPermits(1)(
        Effect.gen(function* () {
          if (envelopes.length === 0) return
          const text = envelopes.map((env) => encodeLine({ id: env.event.event_id, env })).join("")
          const bytes = new TextEncoder().encode(text)
          const used = yield* scanner.usedBytes
          if (used + bytes.length > maxBytes) {
            return yield* new SpoolFull({
              dir,
              maxBytes,
              usedBytes: used,
              neededBytes: bytes.length,
              message: `spool ${dir} is full: ${used} of ${maxBytes} bytes used, ${bytes.length} more needed`
            })
          }
          yield* writer.write(bytes)
        })
      )

    const pending = Effect.map(scanner.scan, (segments) => {
      const seen = new Set<string>()
      const out: Array<SpooledEnvelope> = []
      for (const seg of segments) {
        for (const r of seg.records) {
          if (seen.has(r.id) || acks.isDone(r.id)) continue
          seen.add(r.id)
          out.push({ eventId: r.id, envelope: r.env })
        }
      }
      return out
    })

    const acknowledge: Spool["acknowledge"] = (items) =>
      ackLock.withPermits(1)(
        Effect.flatMap(nowIso, (at) => acks.append(items.map((i) => ({ id: i.eventId, s: i.status, at }))))
      )

    const reject: Spool["reject"] = (items) =>
      ackLock.withPermits(1)(
        Effect.gen(function* () {
          if (items.length === 0) return
          const at = yield* nowIso
          const lines = items.map((i) =>
            encodeLine({
              event_id: i.eventId,
              error: i.error,
              message: i.message,
              ...(i.field === undefined ? {} : { field: i.field }),
              rejected_at: at,
              envelope: i.envelope
            })
          )
          yield* appendToSharedLog(rejectedFile, lines.join(""))
          yield* acks.append(items.map((i) => ({ id: i.eventId, s: "rejected" as const, at })))
        })
      )

    const compact = ackLock.withPermits(1)(
      Effect.gen(function* () {
        yield* acks.load
        yield* scanner.sealOrphans
        const segments = yield* scanner.scan
        const live = new Set<string>()
        let removedSegments = 0
        for (const seg of segments) {
          const finished = seg.name.sealed && seg.records.every((r) => acks.isDone(r.id))
          if (finished) {
            yield* ioMaybe("unlink", seg.path, () => fs.unlink(seg.path))
            removedSegments++
          } else for (const r of seg.records) live.add(r.id)
        }
        if (removedSegments > 0) yield* syncDir(segDir)
        // Trim only when most lines are about deleted records: keeps rewrites rare.
        if (acks.linesOnDisk() > 2 * live.size + 64) yield* acks.rewrite(live)
        return { removedSegments }
      })
    )

    compactOnClose = Effect.ignore(compact)

    const rejected = Effect.map(
      ioMaybe("read", rejectedFile, () => fs.readFile(rejectedFile)),
      (buf) => (buf === undefined ? [] : parseRejected(buf, true).values)
    )

    const status = Effect.gen(function* () {
      const segments = yield* scanner.scan
      const depth = (yield* pending).length
      const rej = yield* rejected
      return {
        dir,
        depth,
        bytes: segments.reduce((n, s) => n + s.size, 0),
        maxBytes,
        segments: segments.length,
        lastAckAt: acks.lastAckAt(),
        rejected: new Set(rej.map((r) => r.event_id)).size,
        tornLines: segments.reduce((n, s) => n + s.torn, 0)
      }
    })

    return { dir, append, pending, acknowledge, reject, compact, status, rejected }
  })
