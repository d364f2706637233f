import { Schema } from "effect"

/**
 * Delivery could not go on. `retryable` false means waiting will not help
 * (bad credential, the engine refusing the request shape): the envelopes stay
 * in the spool and the operator is told `code` and `message`.
 */
export class DeliveryFailed extends Schema.TaggedError<DeliveryFailed>()("DeliveryFailed", {
  code: Schema.String,
  message: Schema.String,
  retryable: Schema.Boolean,
  status: Schema.optionalWith(Schema.Number, { exact: true })
}) {}
