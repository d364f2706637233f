import { Either, Schema } from "effect"
import { Envelope } from "../../domain/Envelope.ts"

/**
 * On-disk shapes of the spool. Every file is JSONL: one JSON object per line,
 * each line written by a single write(2) and ended by "\n". A line that does
 * not parse is a torn write (process killed or disk full mid-record): it was
 * never confirmed to its writer, so readers skip it.
 */

/** One spooled envelope, keyed by its stable event_id. */
export interface RecordLine {
  readonly id: string
  readonly env: Envelope
}

export type AckStatus = "accepted" | "duplicate" | "rejected"

/** The engine's answer for one event_id; an id in the ack log is never sent again. */
export interface AckLine {
  readonly id: string
  readonly s: AckStatus
  readonly at: string
}

/** A permanent refusal kept for inspection, with the engine's reason. */
export interface RejectedLine {
  readonly event_id: string
  readonly error: string
  readonly message: string
  readonly field?: string
  readonly rejected_at: string
  readonly envelope: Envelope
}

const RecordSchema = Schema.Struct({ id: Schema.NonEmptyString, env: Envelope })
const AckSchema = Schema.Struct({
  id: Schema.NonEmptyString,
  s: Schema.Literal("accepted", "duplicate", "rejected"),
  at: Schema.String
})
const RejectedSchema = Schema.Struct({
  event_id: Schema.String,
  error: Schema.String,
  message: Schema.String,
  field: Schema.optionalWith(Schema.String, { exact: true }),
  rejected_at: Schema.String,
  envelope: Envelope
})

// Preserve unknown keys: the spool relays what the builder produced, byte for byte in meaning.
const options = { onExcessProperty: "preserve" } as const
const decodeRecord = Schema.decodeUnknownEither(RecordSchema, options)
const decodeAck = Schema.decodeUnknownEither(AckSchema, options)
const decodeRejected = Schema.decodeUnknownEither(RejectedSchema, options)

export const encodeLine = (value: RecordLine | AckLine | RejectedLine): string => `${JSON.stringify(value)}\n`

const parseJson = (line: string): unknown => {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}

export interface ParsedLines<A> {
  readonly values: ReadonlyArray<A>
  /** Bytes of the buffer that were whole lines (the rest may still be being written). */
  readonly consumed: number
  /** Lines skipped because they did not parse (torn or foreign). */
  readonly torn: number
}

/**
 * Splits a JSONL buffer. `final` says no writer will add to it any more: its
 * unterminated tail is then parsed too (a record cut just before its "\n" is
 * whole), otherwise the tail is left for a later read.
 */
const parseWith =
  <A>(decode: (u: unknown) => Either.Either<A, unknown>) =>
  (buf: Uint8Array, final: boolean): ParsedLines<A> => {
    const lastNewline = buf.lastIndexOf(0x0a)
    const consumed = final ? buf.length : lastNewline + 1
    const text = new TextDecoder().decode(buf.subarray(0, consumed))
    const values: Array<A> = []
    let torn = 0
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue
      const decoded = decode(parseJson(line))
      if (Either.isRight(decoded)) values.push(decoded.right)
      else torn++
    }
    return { values, consumed, torn }
  }

export const parseRecords = parseWith<RecordLine>(decodeRecord)
export const parseAcks = parseWith<AckLine>(decodeAck)
export const parseRejected = parseWith<RejectedLine>(decodeRejected)

/**
 * Segment files: `seg-<ms>-<pid>-<n>-<rand>.open.jsonl` while their one
 * writer process has them open, `seg-….jsonl` once sealed. Names sort by
 * creation time, then by the writer's own counter `n`.
 */
export interface SegmentName {
  readonly file: string
  readonly pid: number
  readonly sealed: boolean
}

const segmentPattern = /^seg-(\d{13})-(\d{10})-(\d{6})-([0-9a-f]{8})(\.open)?\.jsonl$/

export const parseSegmentName = (file: string): SegmentName | undefined => {
  const m = segmentPattern.exec(file)
  if (m === null) return undefined
  return { file, pid: Number(m[2]), sealed: m[5] === undefined }
}

export const newSegmentFile = (nowMs: number, pid: number, n: number, rand: string): string =>
  `seg-${String(nowMs).padStart(13, "0")}-${String(pid).padStart(10, "0")}-${String(n % 1e6).padStart(6, "0")}-${rand}.open.jsonl`

export const sealedName = (openFile: string): string => openFile.replace(/\.open\.jsonl$/, ".jsonl")
