import { NodeContext } from "@effect/platform-node"
import { SqlClient } from "@effect/sql"
import { Effect, Either, Layer, ManagedRuntime, Option, Redacted } from "effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { Envelope } from "../../src/domain/Envelope.ts"
import { EngineConfig } from "../../src/config/EngineConfig.ts"
import { SqlLive } from "../../src/store/SqlLive.ts"
import { validateSchema } from "../../src/validation/SchemaValidator.ts"
import { READY, type ServerReady, type ServerSpec } from "./Protocol.ts"

const placeholderHash = "0".repeat(64)

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

const reply = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body)
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
  res.end(text)
}

/**
 * The ceiling: what the store and the contract check cost with nothing else.
 * Plain node:http, JSON.parse, the engine's own ajv validation of each
 * envelope, and one multi-row INSERT of the valid ones into the same events
 * table (same migrations, columns and indexes) on the same store — no auth,
 * semantic rules, redaction, de-duplication, hash chain, projection or stream.
 */
export const ceilingServer = async (spec: ServerSpec) => {
  const databaseUrl = spec.databaseUrl === undefined ? Option.none() : Option.some(Redacted.make(spec.databaseUrl))
  const runtime = ManagedRuntime.make(SqlLive.pipe(
    Layer.provideMerge(EngineConfig.layerWith({ dataDir: spec.dataDir, databaseUrl })),
    Layer.provideMerge(NodeContext.layer)
  ))
  const sql = await runtime.runPromise(SqlClient.SqlClient)
  let seq = 0

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const parsed: unknown = JSON.parse(await readBody(req))
    const inputs: ReadonlyArray<unknown> = Array.isArray(parsed) ? parsed : [parsed]
    const valid: Array<Envelope> = []
    for (const input of inputs) {
      const checked = validateSchema(input)
      if (Either.isRight(checked)) valid.push(checked.right)
    }
    const now = new Date().toISOString()
    const rows = valid.map((e) => ({
      tenant_id: e.tenant.tenant_ref,
      seq: ++seq,
      event_id: e.event.event_id,
      idempotency_key: e.transport.idempotency_key ?? null,
      session_id: e.event.session_id,
      event_type: e.event.event_type,
      connector_id: e.source.connector_id,
      occurred_at: e.event.occurred_at,
      ingested_at: now,
      late: false,
      redactions: 0,
      envelope: JSON.stringify(e),
      prev_hash: placeholderHash,
      hash: placeholderHash
    }))
    if (rows.length > 0) await runtime.runPromise(Effect.asVoid(sql`INSERT INTO events ${sql.insert(rows)}`))
    reply(res, 200, { accepted: rows.length, rejected: inputs.length - rows.length })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => reply(res, 503, { error: "ceiling_failed", message: String(e) }))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  process.stdout.write(`${READY}${JSON.stringify({ pid: process.pid, port, tokens: [] } satisfies ServerReady)}\n`)
  const stop = () => {
    server.close()
    server.closeAllConnections()
    runtime.dispose().then(() => process.exit(0), () => process.exit(1))
  }
  process.once("SIGTERM", stop)
  process.once("SIGINT", stop)
}
