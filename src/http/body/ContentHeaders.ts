import { Effect } from "effect"
import { UnsupportedMediaType } from "../../domain/Errors.ts"

export type ContentCoding = "identity" | "gzip"

const jsonMediaType = /^application\/(?:json|[a-z0-9!#$&^_.-]+\+json)$/

/**
 * Content-Type must be JSON (`application/json` or `application/*+json`);
 * a charset parameter, when present, must be UTF-8 (RFC 8259 allows no other).
 */
export const checkContentType = (contentType: string | undefined): Effect.Effect<void, UnsupportedMediaType> => {
  const [essence = "", ...params] = (contentType ?? "").split(";")
  const mediaType = essence.trim().toLowerCase()
  if (!jsonMediaType.test(mediaType)) {
    return Effect.fail(
      new UnsupportedMediaType({
        code: "unsupported_media_type",
        message: mediaType === ""
          ? "Content-Type is required and must be application/json"
          : "Content-Type must be application/json (or application/*+json)"
      })
    )
  }
  for (const param of params) {
    const [name = "", value = ""] = param.split("=", 2)
    if (name.trim().toLowerCase() !== "charset") continue
    const charset = value.trim().replace(/^"(.*)"$/, "$1").toLowerCase()
    if (charset !== "utf-8" && charset !== "utf8") {
      return Effect.fail(
        new UnsupportedMediaType({ code: "unsupported_media_type", message: "JSON bodies must be encoded in UTF-8" })
      )
    }
  }
  return Effect.void
}

/** Content-Encoding: absent, `identity` or `gzip` (`x-gzip` is its legacy alias, RFC 9110 8.4.1.3). */
export const checkContentEncoding = (
  contentEncoding: string | undefined
): Effect.Effect<ContentCoding, UnsupportedMediaType> => {
  const coding = (contentEncoding ?? "").trim().toLowerCase()
  if (coding === "" || coding === "identity") return Effect.succeed("identity")
  if (coding === "gzip" || coding === "x-gzip") return Effect.succeed("gzip")
  return Effect.fail(
    new UnsupportedMediaType({
      code: "unsupported_encoding",
      message: "Content-Encoding must be identity or gzip"
    })
  )
}
