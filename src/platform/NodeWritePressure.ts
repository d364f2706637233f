// Node platform code: the upgraded request's TCP socket tells how much is buffered.
import type { HttpServerRequest } from "@effect/platform"
import { NodeHttpServerRequest } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { WritePressure } from "../stream/WritePressure.ts"

const forRequest = (request: HttpServerRequest.HttpServerRequest) => {
  const socket = NodeHttpServerRequest.toIncomingMessage(request).socket
  return Effect.async<void>((resume) => {
    if (socket.destroyed || socket.writableLength < socket.writableHighWaterMark) return resume(Effect.void)
    const done = () => {
      socket.off("drain", done)
      socket.off("close", done)
      resume(Effect.void)
    }
    socket.on("drain", done)
    socket.on("close", done)
    return Effect.sync(() => {
      socket.off("drain", done)
      socket.off("close", done)
    })
  })
}

export const NodeWritePressureLive = Layer.succeed(WritePressure, { forRequest })
