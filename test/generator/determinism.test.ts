import { describe, expect, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import { generateTenantStream, generateWorkload, Prng } from "../../scripts/generator/index.ts"
import { generatorDir } from "./support.ts"

describe("Prng", () => {
  it("same seed, same draws; different seeds, different draws", () => {
    const draws = (seed: number | string) => {
      const rng = new Prng(seed)
      return Array.from({ length: 20 }, () => rng.nextU32())
    }
    expect(draws(7)).toEqual(draws(7))
    expect(draws("7")).not.toEqual(draws(7))
    expect(draws(7)).not.toEqual(draws(8))
  })

  it("helpers stay in range and keep their contracts", () => {
    const rng = new Prng("helpers")
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(-3, 3)
      expect(Number.isInteger(n) && n >= -3 && n <= 3).toBe(true)
      const f = rng.next()
      expect(f >= 0 && f < 1).toBe(true)
    }
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(0, 4)))
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4])
    expect(rng.shuffle([1, 2, 3, 4, 5, 6]).sort()).toEqual([1, 2, 3, 4, 5, 6])
    expect(rng.chance(0)).toBe(false)
    expect(rng.chance(1)).toBe(true)
    expect(rng.hex(40)).toMatch(/^[0-9a-f]{40}$/)
    const zero = Array.from({ length: 300 }, () =>
      rng.weighted([
        { value: "never", weight: 0 },
        { value: "always", weight: 1 }
      ])
    )
    expect(new Set(zero)).toEqual(new Set(["always"]))
    expect(() => rng.pick([])).toThrow(RangeError)
  })
})

describe("generator determinism", () => {
  it("same seed gives byte-identical output", () => {
    const a = generateWorkload({ seed: 2026, tenants: 3, eventsPerTenant: 300, duplicateRate: 0.05, secretRate: 0.05 })
    const b = generateWorkload({ seed: 2026, tenants: 3, eventsPerTenant: 300, duplicateRate: 0.05, secretRate: 0.05 })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
    const s1 = generateTenantStream({ seed: "x", tenantRef: "tenant:t", events: 200, invalidRate: 0.1 })
    const s2 = generateTenantStream({ seed: "x", tenantRef: "tenant:t", events: 200, invalidRate: 0.1 })
    expect(JSON.stringify(s1)).toBe(JSON.stringify(s2))
  })

  it("different seeds give different traffic and different event ids", () => {
    const a = generateWorkload({ seed: 1, tenants: 2, eventsPerTenant: 100 })
    const b = generateWorkload({ seed: 2, tenants: 2, eventsPerTenant: 100 })
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b))
    const idsA = new Set(a.flatMap((t) => t.envelopes.map((e) => e.event.event_id)))
    expect(b.flatMap((t) => t.envelopes).some((e) => idsA.has(e.event.event_id))).toBe(false)
  })

  it("reads neither the clock nor Math.random", () => {
    const files = readdirSync(generatorDir).filter((f) => f.endsWith(".ts"))
    expect(files.length).toBeGreaterThan(3)
    for (const file of files) {
      const text = readFileSync(path.join(generatorDir, file), "utf8")
      expect(text, file).not.toMatch(/Math\.random|Date\.now|performance\.now|new Date\(\)/)
    }
  })
})
