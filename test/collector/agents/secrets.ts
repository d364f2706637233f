/**
 * What must never reach an envelope: the fake secrets planted in the fixtures,
 * and every value the agents put under a content-bearing key (prompts, file
 * content, edits, tool output, model answers), found by walking the fixtures.
 */
export const plantedSecrets: ReadonlyArray<string> = [
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "ghp_R8x2LmQ4vT7nW1pZ9kJ3hF6dS0aY5cB2eG8u",
  "sk_live_51HxQ2aBcDeFgHiJkLmNoPqRsTuVwXyZ0123",
  "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
  "xoxb-2048-1024-AbCdEfGhIjKlMnOpQrStUv",
  "S3cr3tPassw0rd!",
  "Pa55w0rd-RO",
  "npm_9fQ2xL7mK4pR8tV1wY6zB3cD5eG0hJ2kN4",
  "dana.lee@acme.example",
  "x-access-token"
]

const contentKeys = new Set([
  "prompt", "content", "old_string", "new_string", "edits", "tool_response", "output", "result_json",
  "input-messages", "last-assistant-message", "last_assistant_message", "prompt_response", "text",
  "llmContent", "returnDisplay", "textResultForLlm", "text_result_for_llm", "initialPrompt", "file_text",
  "message", "stack", "stdout", "originalFile", "oldString", "newString", "input", "encrypted_content",
  "description", "body", "title", "error", "sql"
])

const strings = (value: unknown): ReadonlyArray<string> =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(strings)
      : typeof value === "object" && value !== null
        ? Object.values(value).flatMap(strings)
        : []

/** Strings stored under content keys, plus JSON strings that themselves hold such content. */
export const contentValues = (value: unknown): ReadonlyArray<string> => {
  if (Array.isArray(value)) return value.flatMap(contentValues)
  if (typeof value !== "object" || value === null) return []
  return Object.entries(value).flatMap(([key, inner]) => {
    const nested = typeof inner === "string" && /^\s*[{[]/.test(inner) ? contentValues(tryJson(inner)) : []
    return [...(contentKeys.has(key) ? strings(inner) : []), ...nested, ...contentValues(inner)]
  })
}

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Long enough to be content rather than a word a summary may legitimately share (e.g. "main"). */
export const distinctive = (value: string): boolean => value.trim().length >= 24
