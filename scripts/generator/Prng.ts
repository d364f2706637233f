/**
 * mulberry32: 32 bits of state, a handful of integer ops per draw. Not for
 * cryptography; chosen because the generator draws tens of numbers per
 * envelope and benchmarks ask it for hundreds of thousands of envelopes.
 * Nothing here reads the clock or the global random source, so a seed fixes
 * the output.
 */
export type Seed = number | string

/** FNV-1a over UTF-16 code units, then an avalanche so close strings land far apart. */
export const hashString = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export const seedToInt = (seed: Seed): number =>
  typeof seed === "number" ? hashString(`n:${seed}`) : hashString(`s:${seed}`)

export interface Weighted<T> {
  readonly value: T
  readonly weight: number
}

export class Prng {
  private state: number

  constructor(seed: Seed) {
    this.state = seedToInt(seed)
  }

  /** Uniform unsigned 32-bit integer. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return probability > 0 && this.next() < probability
  }

  pick<T>(items: ReadonlyArray<T>): T {
    if (items.length === 0) throw new RangeError("pick from an empty list")
    return items[Math.floor(this.next() * items.length)] as T
  }

  weighted<T>(items: ReadonlyArray<Weighted<T>>): T {
    let total = 0
    for (const item of items) total += item.weight
    if (!(total > 0)) throw new RangeError("weighted pick needs a positive total weight")
    let roll = this.next() * total
    for (const item of items) {
      roll -= item.weight
      if (roll < 0) return item.value
    }
    return (items[items.length - 1] as Weighted<T>).value
  }

  /** Fisher-Yates on a copy; the input is left alone. */
  shuffle<T>(items: ReadonlyArray<T>): Array<T> {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }

  /** `count` lower-case hex digits. */
  hex(count: number): string {
    let out = ""
    while (out.length < count) out += this.nextU32().toString(16).padStart(8, "0")
    return out.slice(0, count)
  }

  /** `count` characters drawn from `alphabet`. */
  chars(alphabet: string, count: number): string {
    let out = ""
    for (let i = 0; i < count; i++) out += alphabet.charAt(Math.floor(this.next() * alphabet.length))
    return out
  }

  /** A new stream seeded from this one's next draw and a label; parts that fork don't shift each other's draws. */
  fork(label: string): Prng {
    return new Prng(`${this.nextU32()}:${label}`)
  }
}
