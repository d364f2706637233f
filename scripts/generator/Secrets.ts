import type { Prng } from "./Prng.ts"

/**
 * Realistic-looking fake secrets for redaction tests. They are assembled at
 * run time from the seeded PRNG, so no credential-shaped literal sits in the
 * repository for secret scanners to trip on.
 */
export const secretKinds = ["aws_access_key", "github_token", "email"] as const
export type SecretKind = (typeof secretKinds)[number]

export interface InjectedSecret {
  readonly kind: SecretKind
  /** The exact secret text placed in `event.target_summary`. */
  readonly value: string
}

const upperBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
const firstNames = ["jane", "omar", "li", "priya", "lucas", "amara", "sven"]
const lastNames = ["doe", "haddad", "wei", "sharma", "martin", "okafor", "berg"]

export const fakeSecret = (rng: Prng, kind: SecretKind): string => {
  switch (kind) {
    case "aws_access_key":
      return `AKIA${rng.chars(upperBase32, 16)}`
    case "github_token":
      return `ghp_${rng.chars(alnum, 36)}`
    case "email":
      return `${rng.pick(firstNames)}.${rng.pick(lastNames)}@${rng.pick(["example.com", "example.org"])}`
  }
}

/** A target summary a careless collector might have sent, with the secret inside. */
export const summaryWithSecret = (rng: Prng, kind: SecretKind, value: string): string => {
  switch (kind) {
    case "aws_access_key":
      return rng.pick([`env AWS_ACCESS_KEY_ID=${value} aws s3 ls`, `export AWS_ACCESS_KEY_ID=${value}`])
    case "github_token":
      return rng.pick([
        `git remote set-url origin https://${value}@github.com/example/repo.git`,
        `curl -H 'Authorization: token ${value}' https://api.github.com/user`
      ])
    case "email":
      return rng.pick([`notify ${value} on failure`, `assign review to ${value}`])
  }
}

export const injectSecret = (rng: Prng): { readonly secret: InjectedSecret; readonly summary: string } => {
  const kind = rng.pick(secretKinds)
  const value = fakeSecret(rng, kind)
  return { secret: { kind, value }, summary: summaryWithSecret(rng, kind, value) }
}
