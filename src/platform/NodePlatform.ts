import { Layer } from "effect"
import { NodeSha256Live } from "./NodeSha256.ts"
import { NodeWritePressureLive } from "./NodeWritePressure.ts"

/** What the Node entry points add to the portable engine: a native hash and socket back-pressure. */
export const NodePlatformLive = Layer.mergeAll(NodeSha256Live, NodeWritePressureLive)
