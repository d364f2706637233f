/**
 * Acknowledgements inside the measurement window: the first `warmupMs`
 * after the start are ignored (JIT, first actor load), then `windowMs` count.
 * Latencies are per envelope (a batch's latency counts once per envelope).
 */
export class Recorder {
  readonly start = performance.now()
  readonly windowStart: number
  readonly windowEnd: number
  private readonly latencies: Array<number> = []
  private lastAck = 0
  accepted = 0
  refused = 0
  sent = 0

  /** `maxEvents` stops sending early; the rate is then taken up to the last acknowledgement. */
  constructor(warmupMs: number, windowMs: number, private readonly maxEvents = Number.POSITIVE_INFINITY) {
    this.windowStart = this.start + warmupMs
    this.windowEnd = this.windowStart + windowMs
  }

  /** Whether more may be sent (the window is still open and the cap not reached). */
  open(): boolean {
    return this.sent < this.maxEvents && performance.now() < this.windowEnd
  }

  ack(sentAt: number, count: number): void {
    const now = performance.now()
    if (now < this.windowStart || now > this.windowEnd) return
    this.lastAck = now
    this.accepted += count
    const latency = now - sentAt
    for (let i = 0; i < count; i++) this.latencies.push(latency)
  }

  refuse(count: number): void {
    this.refused += count
  }

  private measuredUntil(): number {
    return this.sent >= this.maxEvents && this.lastAck > this.windowStart ? this.lastAck : this.windowEnd
  }

  result(): { readonly eventsPerSecond: number; readonly p50: number; readonly p99: number; readonly accepted: number; readonly refused: number } {
    const sorted = Float64Array.from(this.latencies).sort()
    const at = (q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
    return {
      eventsPerSecond: this.accepted / ((this.measuredUntil() - this.windowStart) / 1000),
      p50: at(0.5),
      p99: at(0.99),
      accepted: this.accepted,
      refused: this.refused
    }
  }
}
