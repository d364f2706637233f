// Node platform code: counts the bytes read on an upgraded request's TCP socket.
import type { HttpServerRequest } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Layer } from "effect"
import { ReadBudget } from "../http/ReadBudget.ts"

const watch = (request: HttpServerRequest.HttpServerRequest, maxBytes: number) => {
  const socket = NodeHttpServerRequest.toIncomingMessage(request).socket
  let sinceMessage = 0
  // Attached before the upgrade, so it sees each chunk before the WebSocket parser does:
  // the count includes the chunk whose frames are about to be delivered.
  const onData = (chunk: Buffer) => {
    sinceMessage += chunk.length
    if (sinceMessage > maxBytes) socket.destroy()
  }
  socket.on("data", onData)
  socket.once("close", () => socket.off("data", onData))
  return { delivered: () => void (sinceMessage = 0) }
}

export const NodeReadBudgetLive = Layer.succeed(ReadBudget, { watch })
