/** `aispm-collect --help`; docs/collectors.md has the long form. */
export const usage = `aispm-collect — turns what AI coding agents, MCP servers, CI runners and IaC tools emit into
AISPM envelopes, spools them durably and delivers them to the engine (WebSocket first, HTTPS batch fallback).

  Agent hooks (answer the agent at once, always exit 0):
    aispm-collect claude-code | cursor | gemini-cli [file]          hook input on stdin (or a file)
    aispm-collect copilot --event <preToolUse|postToolUse|…> [file]
    aispm-collect codex '<notify JSON>'                           Codex notify program
    aispm-collect codex --rollout <rollout-….jsonl>               Codex session rollout file
  MCP:
    aispm-collect mcp [--allow a,b] [--deny c] [--session-id S] -- <server command…>
  CI (reads the runner's environment):
    aispm-collect github-actions | gitlab-ci | azure-pipelines [--phase start|finish]
        [--required-checks a,b] [--check-results name=result,…|<needs JSON>] [--artifact url]…
        [--matrix label] [--job-status s] [--oidc auto|require|off] [--audience A] [--id-token-var V]
  Cloud and IaC, generic (file or stdin):
    aispm-collect terraform [plan.json] [--tool terraform|opentofu] [--session-id S] [--repository R]
    aispm-collect cloudtrail [file]       aispm-collect jsonl [file]       aispm-collect cavra [file]
  Spool:
    aispm-collect send [--background|--follow]     aispm-collect status

Every source: --tenant (AISPM_TENANT_REF), --environment (AISPM_ENVIRONMENT, default dev),
--connector (AISPM_CONNECTOR_ID), --url (AISPM_URL), --token (AISPM_TOKEN), --spool-dir (AISPM_SPOOL_DIR),
--print (print the envelopes, one JSON per line, send nothing), --spool-only, --quiet.
Exit codes: 0 ok, 1 unexpected, 2 usage/configuration, 3 unreadable input, 4 spool full or unwritable,
5 not delivered yet (still spooled), 6 credential or request refused by the engine, 7 envelopes rejected
for good (kept in <spool>/rejected.jsonl).`
