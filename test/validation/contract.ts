import Ajv2020Module from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"
import { existsSync, readFileSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))

const contractFile = "aispm-enterprise-live-ingestion-envelope.schema.json"
/** The public contract as published beside the repository (../shared, in CI as on the team's machines). */
export const publishedContractPath = path.resolve(here, "../../../shared/contracts/public", contractFile)
/** A byte copy of it in the repository, so that a clone anywhere runs the same checks. */
export const vendoredContractPath = path.resolve(here, "../fixtures/public-contract", contractFile)
export const publicContractPath = existsSync(publishedContractPath) ? publishedContractPath : vendoredContractPath
export const projectSchemaPath = path.resolve(here, "../../schemas/envelope.schema.json")
export const publicExamplePath = path.resolve(here, "../fixtures/public-example.json")

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"))

const Ajv2020 = (Ajv2020Module.default ?? Ajv2020Module) as typeof Ajv2020Module.default
const addFormats = (addFormatsModule.default ?? addFormatsModule) as typeof addFormatsModule.default

/** An independent ajv instance over the public file: the reference verdict. */
export const publicContract = (): ((input: unknown) => boolean) => {
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats(ajv)
  const schema = readJson(publicContractPath)
  if (typeof schema !== "object" || schema === null) throw new Error("public contract is not a JSON object")
  const check = ajv.compile(schema)
  return (input) => check(input)
}

export type Json = Record<string, unknown>

/** A fresh deep copy of the public example for each case to mutate. */
export const example = (): Json => {
  const value = readJson(publicExamplePath)
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("example is not an object")
  return structuredClone(value as Json)
}

/** The nested object at `key`, for mutation in a test case. */
export const part = (envelope: Json, key: string): Json => {
  const value = envelope[key]
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${key} is not an object`)
  return value as Json
}

export const readSchemaFile = readJson
