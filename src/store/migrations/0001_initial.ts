import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/**
 * The whole schema. Every table is keyed by tenant and every query filters on
 * it. Kept to SQL that PostgreSQL 15 and PGlite (PostgreSQL 18) both accept.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE tenants (
    tenant_id text PRIMARY KEY,
    display_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`
  yield* sql`CREATE TABLE credentials (
    tenant_id text NOT NULL REFERENCES tenants (tenant_id),
    credential_id text NOT NULL,
    role text NOT NULL CHECK (role IN ('collector', 'viewer', 'auditor')),
    token_hash text NOT NULL,
    label text NOT NULL DEFAULT '',
    scopes jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (credential_id)
  )`
  yield* sql`CREATE INDEX credentials_tenant ON credentials (tenant_id)`
  yield* sql`CREATE TABLE events (
    tenant_id text NOT NULL,
    seq bigint NOT NULL,
    event_id text NOT NULL,
    idempotency_key text,
    session_id text NOT NULL,
    event_type text NOT NULL,
    connector_id text NOT NULL,
    occurred_at timestamptz NOT NULL,
    ingested_at timestamptz NOT NULL,
    late boolean NOT NULL,
    redactions integer NOT NULL,
    envelope jsonb NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    PRIMARY KEY (tenant_id, seq)
  )`
  yield* sql`CREATE UNIQUE INDEX events_event_id ON events (tenant_id, event_id)`
  yield* sql`CREATE UNIQUE INDEX events_idempotency_key ON events (tenant_id, idempotency_key)`
  yield* sql`CREATE TABLE replay_index (
    tenant_id text NOT NULL,
    session_id text NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (tenant_id, session_id, seq)
  )`
  yield* sql`CREATE TABLE projection_snapshots (
    tenant_id text PRIMARY KEY,
    seq bigint NOT NULL,
    state jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`
  yield* sql`CREATE TABLE connector_status (
    tenant_id text NOT NULL,
    connector_id text NOT NULL,
    connector_type text NOT NULL,
    last_event_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    events bigint NOT NULL,
    PRIMARY KEY (tenant_id, connector_id)
  )`
  yield* sql`CREATE TABLE health_counters (
    tenant_id text NOT NULL,
    counter text NOT NULL,
    value bigint NOT NULL,
    PRIMARY KEY (tenant_id, counter)
  )`
})
