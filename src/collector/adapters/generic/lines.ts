/** One input line the adapter could not use, with its 1-based line number and why. */
export interface MalformedLine {
  readonly line: number
  readonly reason: string
}

/** Non-blank lines with their 1-based numbers (CRLF tolerated). */
export const numberedLines = (text: string): ReadonlyArray<{ readonly line: number; readonly text: string }> =>
  text.split("\n").flatMap((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw
    return line.trim() === "" ? [] : [{ line: i + 1, text: line }]
  })
