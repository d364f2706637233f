import type { Decision, Severity } from "../../../domain/Envelope.ts"
import { type Exposure, internetIngress, publicStorage } from "./exposure.ts"

export type IacAction = "create" | "update" | "delete" | "replace" | "forget"

export interface IacVerdict {
  readonly severity: Severity
  readonly decision: Decision
  readonly rule: string
}

/** Resources whose destruction loses data or keys: deleting or replacing one is critical. */
const statefulTypes = new Set([
  "aws_db_instance", "aws_rds_cluster", "aws_rds_cluster_instance", "aws_s3_bucket", "aws_dynamodb_table",
  "aws_ebs_volume", "aws_efs_file_system", "aws_elasticache_cluster", "aws_elasticache_replication_group",
  "aws_redshift_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_opensearch_domain",
  "aws_elasticsearch_domain", "aws_kms_key", "aws_secretsmanager_secret", "aws_backup_vault", "aws_kinesis_stream",
  "aws_sqs_queue", "google_sql_database_instance", "google_sql_database", "google_storage_bucket",
  "google_bigquery_dataset", "google_bigquery_table", "google_spanner_instance", "google_spanner_database",
  "google_bigtable_instance", "google_compute_disk", "google_filestore_instance", "google_redis_instance",
  "google_kms_crypto_key", "google_firestore_database", "azurerm_storage_account", "azurerm_storage_container",
  "azurerm_managed_disk", "azurerm_key_vault", "azurerm_redis_cache", "kubernetes_persistent_volume",
  "kubernetes_persistent_volume_claim"
])
const statefulPatterns = [/^azurerm_.*(database|sql|cosmosdb)/]

/** Identity and access: who may do what. Any change to these is high. */
const iamPatterns = [
  /^aws_iam_/,
  /^aws_.*_policy(_attachment)?$/,
  /^aws_organizations_/,
  /^google_.*_iam_(member|binding|policy)$/,
  /^google_service_account/,
  /^google_organization_iam_/,
  /^azurerm_role_(assignment|definition)$/,
  /^azurerm_key_vault_access_policy$/,
  /^azuread_/,
  /^kubernetes_(cluster_)?role(_binding)?(_v1)?$/
]

export const isStateful = (type: string): boolean =>
  statefulTypes.has(type) || statefulPatterns.some((p) => p.test(type))
export const isIam = (type: string): boolean => iamPatterns.some((p) => p.test(type))

const verdict = (severity: Severity, rule: string): IacVerdict => ({ severity, decision: decisionFor[severity], rule })

/**
 * Severity → decision: critical changes wait for a person (require_approval), high ones go
 * through with a warning, deletes are kept for audit, the rest is allowed.
 */
export const decisionFor: Record<Severity, Decision> = {
  critical: "require_approval",
  high: "warn",
  medium: "audit_only",
  low: "allow",
  none: "allow"
}

/**
 * One resource change → severity; the first matching row wins. `after` is read here and
 * nowhere else: its values never leave this function.
 *
 * | # | action                  | condition                                         | severity | rule                      |
 * | - | ----------------------- | ------------------------------------------------- | -------- | ------------------------- |
 * | 1 | delete, replace         | stateful type (databases, buckets, volumes, keys) | critical | stateful_resource_destroy |
 * | 2 | create, update, replace | ingress from 0.0.0.0/0 or ::/0 reaching 22 / 3389 | critical | internet_admin_ingress    |
 * | 3 | create, update, replace | ingress from 0.0.0.0/0 or ::/0, other ports       | high     | internet_ingress          |
 * | 4 | create, update, replace | public storage (public ACL, public access block   | high     | public_storage            |
 * |   |                         | off, allUsers member, public container)           |          |                           |
 * | 5 | any                     | IAM / policy type (aws_iam_*, *_policy,           | high     | iam_policy_change         |
 * |   |                         | google_*_iam_*, azurerm_role_assignment, ...)     |          |                           |
 * | 6 | delete, replace         | anything else                                     | medium   | resource_destroy          |
 * | 7 | create, update, forget  | anything else                                     | low      | resource_change           |
 */
export const classifyChange = (type: string, action: IacAction, after: unknown): IacVerdict => {
  const destroys = action === "delete" || action === "replace"
  const hasAfter = action === "create" || action === "update" || action === "replace"
  if (destroys && isStateful(type)) return verdict("critical", "stateful_resource_destroy")
  const exposure: Exposure = hasAfter ? internetIngress(type, after) : "none"
  if (exposure === "admin_ports") return verdict("critical", "internet_admin_ingress")
  if (exposure === "open") return verdict("high", "internet_ingress")
  if (hasAfter && publicStorage(type, after)) return verdict("high", "public_storage")
  if (isIam(type)) return verdict("high", "iam_policy_change")
  if (destroys) return verdict("medium", "resource_destroy")
  return verdict("low", "resource_change")
}
