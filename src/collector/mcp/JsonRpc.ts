/** Just enough of JSON-RPC 2.0 to observe MCP traffic without altering it. */
export type RpcId = string | number

export type RpcMessage =
  | { readonly kind: "request"; readonly id: RpcId; readonly method: string; readonly params: unknown }
  | { readonly kind: "notification"; readonly method: string; readonly params: unknown }
  | { readonly kind: "result"; readonly id: RpcId; readonly result: unknown }
  | { readonly kind: "error"; readonly id: RpcId | null; readonly code: number | undefined }
  | { readonly kind: "other" }

export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const isId = (u: unknown): u is RpcId => typeof u === "string" || typeof u === "number"

export const classify = (u: unknown): RpcMessage => {
  if (!isRecord(u)) return { kind: "other" }
  const { id, method } = u
  if (typeof method === "string") {
    return isId(id) ? { kind: "request", id, method, params: u["params"] } : { kind: "notification", method, params: u["params"] }
  }
  if ("result" in u && isId(id)) return { kind: "result", id, result: u["result"] }
  if (isRecord(u["error"]) && (isId(id) || id === null)) {
    const code = u["error"]["code"]
    return { kind: "error", id, code: typeof code === "number" ? code : undefined }
  }
  return { kind: "other" }
}

/**
 * The messages on one line: one object, or the elements of a JSON-RPC batch
 * (allowed by MCP 2025-03-26). `undefined` when the line is not JSON: it is
 * relayed all the same, the proxy only observes.
 */
export const parseLine = (line: Uint8Array): { readonly batch: boolean; readonly items: ReadonlyArray<unknown> } | undefined => {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(line))
  } catch {
    return undefined
  }
  return Array.isArray(value) ? { batch: true, items: value } : { batch: false, items: [value] }
}

export const idKey = (id: RpcId): string => JSON.stringify(id)

/** Text helper: a field of a record when it is a string. */
export const str = (o: unknown, key: string): string | undefined =>
  isRecord(o) && typeof o[key] === "string" ? o[key] : undefined
