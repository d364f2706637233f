import { Schema } from "effect"

/**
 * The spool refused an append because it would pass its byte bound. Nothing of
 * the refused batch was written; the caller decides (a hook still answers its
 * agent, the CLI reports it). Space comes back once acknowledged segments are
 * compacted.
 */
export class SpoolFull extends Schema.TaggedError<SpoolFull>()("SpoolFull", {
  dir: Schema.String,
  maxBytes: Schema.Number,
  usedBytes: Schema.Number,
  neededBytes: Schema.Number,
  message: Schema.String
}) {}

/** A file-system operation of the spool failed (permissions, disk, missing directory). */
export class SpoolIOError extends Schema.TaggedError<SpoolIOError>()("SpoolIOError", {
  op: Schema.String,
  path: Schema.String,
  message: Schema.String
}) {}

export type SpoolError = SpoolFull | SpoolIOError
