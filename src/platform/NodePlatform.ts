import { Layer } from "effect"
import { NodeReadBudgetLive } from "./NodeReadBudget.ts"
import { NodeSha256Live } from "./NodeSha256.ts"
import { NodeWritePressureLive } from "./NodeWritePressure.ts"

/** What the Node entry points add to the portable engine: a native hash, socket back-pressure and a read budget. */
export const NodePlatformLive = Layer.mergeAll(NodeSha256Live, NodeWritePressureLive, NodeReadBudgetLive)
