import { FileSystem, Path } from "@effect/platform"
import { Effect } from "effect"
import { EngineConfig } from "../config/EngineConfig.ts"
import { AdminCredentialStore } from "../store/AdminCredentialStore.ts"
import { CredentialStore } from "../store/CredentialStore.ts"

export const DEV_TENANT = "tenant:dev-local"

/**
 * On first start with an empty store: a development tenant and one
 * credential of each role, written to `<data dir>/bootstrap.json` readable by
 * the owner only. Returns the file's path, or undefined when tenants existed.
 */
export const bootstrapIfEmpty = (engineUrl: string) =>
  Effect.gen(function*() {
    const store = yield* CredentialStore
    const config = yield* EngineConfig
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    if ((yield* store.listTenants).length > 0) return undefined
    yield* store.createTenant(DEV_TENANT, "Development tenant")
    const collector = yield* store.issue(DEV_TENANT, "collector", {}, "bootstrap collector")
    const viewer = yield* store.issue(DEV_TENANT, "viewer", {}, "bootstrap viewer")
    const auditor = yield* store.issue(DEV_TENANT, "auditor", {}, "bootstrap auditor")
    const admin = yield* (yield* AdminCredentialStore).issue("bootstrap operator")
    const file = path.resolve(config.dataDir, "bootstrap.json")
    yield* fs.makeDirectory(path.dirname(file), { recursive: true, mode: 0o700 })
    const body = {
      tenant_ref: DEV_TENANT,
      engine_url: engineUrl,
      collector_token: collector.token,
      viewer_token: viewer.token,
      auditor_token: auditor.token,
      admin_token: admin.token
    }
    yield* fs.writeFileString(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 })
    yield* fs.chmod(file, 0o600)
    return file
  })
