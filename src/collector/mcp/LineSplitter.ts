/**
 * Cuts a byte stream into newline-terminated lines without decoding it, so
 * each line can be relayed exactly as received (the MCP stdio transport puts
 * one JSON-RPC message per line; messages contain no raw newline).
 */
export class LineSplitter {
  private parts: Array<Uint8Array> = []

  /** Complete lines in this chunk, each ending with its "\n". */
  push(chunk: Uint8Array): Array<Uint8Array> {
    const lines: Array<Uint8Array> = []
    let start = 0
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      this.parts.push(chunk.subarray(start, nl + 1))
      lines.push(this.take())
      start = nl + 1
    }
    if (start < chunk.length) this.parts.push(chunk.subarray(start))
    return lines
  }

  /** What is left after the stream ended (a last message without its newline), if anything. */
  flush(): Uint8Array | undefined {
    return this.parts.length === 0 ? undefined : this.take()
  }

  private take(): Uint8Array {
    const parts = this.parts
    this.parts = []
    if (parts.length === 1 && parts[0] !== undefined) return parts[0]
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let offset = 0
    for (const p of parts) {
      out.set(p, offset)
      offset += p.length
    }
    return out
  }
}
