import { skipPostgres } from "./TestDatabase.ts"
import type { StoreKind } from "./TestEngine.ts"

/** Every end-to-end suite runs on both stores (PostgreSQL fails, never skips, in CI). */
export const stores: ReadonlyArray<StoreKind> = skipPostgres ? ["embedded"] : ["embedded", "postgres"]
