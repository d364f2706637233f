import { httpBatches, httpSingles, type Target, wsBatches } from "./Drivers.ts"
import type { Recorder } from "./Recorder.ts"

export interface Mode {
  readonly name: string
  readonly server: "engine" | "ceiling"
  readonly shape: string
  readonly drive: (targets: ReadonlyArray<Target>, rec: Recorder) => Promise<void>
}

/** The ceiling runs first, so each engine mode's ratio can be printed as soon as it finishes. */
export const modes: ReadonlyArray<Mode> = [
  {
    name: "ceiling",
    server: "ceiling",
    shape: "node:http + JSON.parse + ajv + 1 multi-row INSERT per request; 4 clients x 250",
    drive: (t, rec) => httpBatches(t, "/batch", 4, 250, rec)
  },
  {
    name: "ws-batches",
    server: "engine",
    shape: "WS /ingest: 4 connections, frames of 100, 4 frames in flight each",
    drive: (t, rec) => wsBatches(t, 4, 100, 4, rec)
  },
  {
    name: "http-batches",
    server: "engine",
    shape: "POST /events/batch: 4 clients x 250 envelopes",
    drive: (t, rec) => httpBatches(t, "/enterprise/aispm/events/batch", 4, 250, rec)
  },
  {
    name: "http-single",
    server: "engine",
    shape: "POST /events: 32 concurrent clients, 1 envelope each",
    drive: (t, rec) => httpSingles(t, 32, rec)
  }
]
