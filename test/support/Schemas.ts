import { expect } from "@effect/vitest"
import Ajv2020Module from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { Effect, Queue } from "effect"
import { readdirSync, readFileSync } from "node:fs"

// CommonJS interop differs between tsx, vitest and Deno (STACK-NOTES 5).
const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default

/**
 * The base every schema of schemas/ is known under. Schemas without an `$id`
 * of their own (the envelope and the projection views) are registered under
 * base + file name, so `"$ref": "posture-delta.schema.json"` resolves.
 */
export const SCHEMA_BASE = "https://cavra.example/aispm/schemas/"

const dir = new URL("../../schemas/", import.meta.url)

export const schemaFiles: ReadonlyArray<string> = readdirSync(dir).filter((f) => f.endsWith(".schema.json")).sort()

// Strict, except for `required` naming properties declared beside a oneOf
// branch rather than in it (the usual way to say "these fields when status is X").
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false }))
for (const file of schemaFiles) {
  const schema = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { readonly $id?: string }
  const id = `${SCHEMA_BASE}${file}`
  if (schema.$id !== undefined && schema.$id !== id) throw new Error(`${file}: $id must be ${id}`)
  ajv.addSchema(schema, id)
}

const validatorOf = (file: string) => {
  const validate = ajv.getSchema(`${SCHEMA_BASE}${file}`)
  if (!validate) throw new Error(`no schema ${file} in schemas/`)
  return validate
}

// Compile every schema now: a broken $ref fails the importing suite at once.
for (const file of schemaFiles) validatorOf(file)

/** Whether `value` is valid against schemas/<file>. */
export const isValid = (file: string, value: unknown): boolean => validatorOf(file)(value) === true

/** Asserts `value` is valid against schemas/<file>, showing ajv's errors when it is not. */
export const expectValid = (file: string, value: unknown): void => {
  const validate = validatorOf(file)
  const ok = validate(value)
  expect(ok ? [] : { schema: file, errors: validate.errors, value }).toEqual([])
}

/** One Server-Sent Event: its name, id and JSON data. */
export interface SseEvent {
  readonly event: string | undefined
  readonly id: string | undefined
  readonly data: unknown
}

const parseSseBlock = (block: string): SseEvent | undefined => {
  let event: string | undefined
  let id: string | undefined
  const data: Array<string> = []
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim()
    else if (line.startsWith("id:")) id = line.slice(3).trim()
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""))
  }
  return data.length === 0 ? undefined : { event, id, data: JSON.parse(data.join("\n")) }
}

/**
 * Subscribes to an SSE endpoint with fetch streaming (what a dashboard does:
 * EventSource cannot send the Authorization header). Events with data land
 * in the queue in order; comments and `retry:` lines are skipped. The
 * request is aborted when the scope closes.
 */
export const connectSse = (url: string, token: string) =>
  Effect.acquireRelease(
    Effect.gen(function*() {
      const abort = new AbortController()
      const events = yield* Queue.unbounded<SseEvent>()
      const res = yield* Effect.promise(() =>
        fetch(url, { headers: { accept: "text/event-stream", authorization: `Bearer ${token}` }, signal: abort.signal })
      )
      const pump = async (body: ReadableStream<Uint8Array>) => {
        const decoder = new TextDecoder()
        const reader = body.getReader()
        let buffer = ""
        for (let next = await reader.read(); !next.done; next = await reader.read()) {
          buffer += decoder.decode(next.value, { stream: true })
          for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
            const parsed = parseSseBlock(buffer.slice(0, end))
            buffer = buffer.slice(end + 2)
            if (parsed) Queue.unsafeOffer(events, parsed)
          }
        }
      }
      if (res.body) pump(res.body).catch(() => undefined)
      return { status: res.status, headers: res.headers, events, abort }
    }),
    ({ abort }) => Effect.sync(() => abort.abort())
  )
