import { placeholder, type Rule, whole } from "./Rule.ts"

/** Personal data: e-mail addresses, payment card numbers, phone numbers. */

const email: Rule = {
  type: "email",
  // Letters, digits and marks of any script (jörg.müller@exämple.de), so no part of an address is left outside.
  pattern:
    /(?<![\p{L}\p{M}\p{N}._%+-])([\p{L}\p{M}\p{N}._%+-]{1,64})@[\p{L}\p{M}\p{N}-]{1,63}(?:\.[\p{L}\p{M}\p{N}-]{1,63}){0,8}\.\p{L}[\p{L}\p{M}]{1,23}(?![\p{L}\p{M}\p{N}-])/gu,
  // `git@host:org/repo` is an SSH remote, not a person.
  replace: (m) => (m[1] === "git" ? undefined : placeholder("email")),
  hints: ["@"]
}

const luhnValid = (digits: string): boolean => {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

const creditCard: Rule = {
  type: "credit_card",
  // A dash before or after means part of a uuid or a longer id, not a card.
  pattern: /(?<![A-Za-z0-9-])(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))(?:[ -]?[0-9]){10,17}(?![A-Za-z0-9-])/g,
  replace: (m) => {
    const digits = m[0].replace(/[ -]/g, "")
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? placeholder("credit_card") : undefined
  }
}

/** International form only (+country…): bare digit runs are too often ids and counters. */
const phone = whole("phone", "(?<![A-Za-z0-9+])\\+[1-9](?:[ .()-]{0,2}[0-9]){7,14}(?![0-9])", "", ["+"])

export const piiRules: ReadonlyArray<Rule> = [email, creditCard, phone]
