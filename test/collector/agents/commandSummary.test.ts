import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import {
  commandFromArgv, gitSubcommand, summarizeCommand
} from "../../../src/collector/adapters/agents/CommandSummary.ts"
import { displayPath, repositoryFromRemote, urlSummary } from "../../../src/collector/adapters/agents/Targets.ts"
import { patchFiles } from "../../../src/collector/adapters/agents/codexTools.ts"

describe("command summaries", () => {
  it("keep the program and plain arguments, elide quoted text, values and credentials", () => {
    expect(summarizeCommand("npm test -- --watch=false")).toBe("npm test -- --watch=false")
    expect(summarizeCommand("/usr/local/bin/python3 manage.py migrate")).toBe("python3 manage.py migrate")
    expect(summarizeCommand('git commit -m "fix: rotate ghp_R8x2LmQ4vT7nW1pZ9kJ3hF6dS0aY5cB2eG8u"')).toBe("git commit -m …")
    expect(summarizeCommand("export GITHUB_TOKEN=ghp_R8x2LmQ4vT7nW1pZ9kJ3hF6dS0aY5cB2eG8u")).toBe("export GITHUB_TOKEN=…")
    expect(summarizeCommand("mysql --password=hunter2 -h db")).toBe("mysql --password=… -h db")
    expect(summarizeCommand("echo AKIAIOSFODNN7EXAMPLE")).toBe("echo [redacted]")
    expect(summarizeCommand("curl https://user:pw@example.com/a/b?token=x")).toBe("curl https://example.com/a/b")
    expect(summarizeCommand("cat <<'EOF' > .env\nSECRET=value\nEOF")).toBe('cat "…" > .env …')
  })

  it("never exceed 120 characters and never carry quoted text", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.string({ maxLength: 400 }), FastCheck.string({ minLength: 1, maxLength: 40 }), (prefix, quoted) => {
        const secret = quoted.replace(/["\\\n\r]/g, "")
        const summary = summarizeCommand(`${prefix.replace(/["'`]/g, "")} "Q${secret}Q"`)
        return summary.length <= 120 && !summary.includes(`Q${secret}Q`)
      }),
      { seed: 20251120, numRuns: 500 }
    )
  })

  it("recognise git subcommands behind git's own options", () => {
    expect(gitSubcommand("git push origin main")).toBe("push")
    expect(gitSubcommand("git -C ../repo -c user.name=x checkout -b topic")).toBe("checkout")
    expect(gitSubcommand("GIT_TRACE=1 git status")).toBe("status")
    expect(gitSubcommand("gitk --all")).toBeUndefined()
    expect(gitSubcommand("npm run git")).toBeUndefined()
  })

  it("unwrap Codex's bash -lc argv", () => {
    expect(commandFromArgv(["bash", "-lc", "git status"])).toBe("git status")
    expect(commandFromArgv(["ls", "-la", "my dir"])).toBe('ls -la "my dir"')
  })
})

describe("targets", () => {
  it("show paths relative to the workspace, with home folders folded", () => {
    expect(displayPath("/home/dev/app/src/a.ts", "/home/dev/app")).toBe("src/a.ts")
    expect(displayPath("/Users/dana/.ssh/id_ed25519", "/home/dev/app")).toBe("~/.ssh/id_ed25519")
  })

  it("show URLs without user-info, query or credential-like segments", () => {
    expect(urlSummary("https://x:ghp_R8x2LmQ4vT7nW1pZ9kJ3hF6dS0aY5cB2eG8u@github.com/acme/app.git")).toBe("https://github.com/acme/app.git")
    expect(urlSummary("https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage")).toBe("https://api.telegram.org/…/sendMessage")
    expect(urlSummary("not a url")).toBe("url")
  })

  it("read owner/name from git remotes", () => {
    expect(repositoryFromRemote("git@github.com:acme/payments.git")).toBe("acme/payments")
    expect(repositoryFromRemote("https://token@github.com/acme/payments")).toBe("acme/payments")
  })

  it("read the touched files from an apply_patch envelope, not its content", () => {
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+secret\n*** Delete File: b.txt\n*** Update File: c.txt\n@@\n-x\n+y\n*** End Patch"
    expect(patchFiles(patch)).toEqual([
      { verb: "create_file", path: "a.txt" },
      { verb: "delete_file", path: "b.txt" },
      { verb: "edit_file", path: "c.txt" }
    ])
  })
})
