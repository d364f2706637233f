import { type Either, type ParseResult, Schema } from "effect"
import { type PostureState, PostureStateSchema } from "./StateSchema.ts"
import { emptyTally } from "./Tally.ts"

export type { PostureState } from "./StateSchema.ts"

export const DEFAULT_WINDOW = 200
export const DEFAULT_TIMELINE_SIZE = 50
export const DEFAULT_RECENT_SIZE = 50

export interface PostureOptions {
  /** Decisions the posture is computed over (DESIGN §5: default 200). */
  readonly window?: number
  /** Events kept for the timeline. */
  readonly timelineSize?: number
  /** Findings and near misses kept for the lists (within the window). */
  readonly recentSize?: number
}

const positiveInt = (name: string, value: number, min: number): number => {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}: ${value}`)
  return value
}

/** Throws a RangeError for a size that is not a whole number (a configuration bug). */
export const initialState = (options: PostureOptions = {}): PostureState => ({
  format: "aispm.posture_state.v1",
  window: positiveInt("window", options.window ?? DEFAULT_WINDOW, 1),
  timeline_size: positiveInt("timelineSize", options.timelineSize ?? DEFAULT_TIMELINE_SIZE, 0),
  recent_size: positiveInt("recentSize", options.recentSize ?? DEFAULT_RECENT_SIZE, 0),
  seq: 0,
  events_total: 0,
  decisions: [],
  overall: emptyTally,
  surfaces: {
    sensitive_data: emptyTally,
    infrastructure_iac: emptyTally,
    mcp_tools: emptyTally,
    source_control: emptyTally,
    runtime_commands: emptyTally,
    general_policy: emptyTally
  },
  agents: [],
  findings: [],
  near_misses: [],
  timeline: []
})

/** The bounds a stored snapshot must respect, checked when it is read back. */
const Stored = PostureStateSchema.pipe(
  Schema.filter((s) =>
    s.decisions.length <= s.window && s.timeline.length <= s.timeline_size &&
    s.findings.length <= s.recent_size && s.near_misses.length <= s.recent_size
  )
)

/** The state is plain JSON already; this is the form to store (JSON.stringify-able). */
export const encodeState = (state: PostureState): unknown => Schema.encodeSync(Stored)(state)

export const decodeStateEither = (json: unknown): Either.Either<PostureState, ParseResult.ParseError> =>
  Schema.decodeUnknownEither(Stored)(json)

/** Throws a ParseError for anything that is not a stored posture state. */
export const decodeState = (json: unknown): PostureState => Schema.decodeUnknownSync(Stored)(json)
