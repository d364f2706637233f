/** Placeholder until the redaction stage lands: replaced by the real rules. */
export const redactText = (text: string): { readonly text: string; readonly count: number } => ({ text, count: 0 })
