import { hash, verify } from '@node-rs/argon2'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 200

// The common-password dictionaries (about 40,000 leaked passwords, names and words) ship inside the package.
const zxcvbn = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs })

/** The catalogue key of what is wrong with a new password, or null when it is acceptable. */
export function passwordProblem(password: string, personal: string[] = []): string | null {
  if (password.length < PASSWORD_MIN) return 'accounts.errors.passwordShort'
  if (password.length > PASSWORD_MAX) return 'accounts.errors.passwordLong'
  // Score 3 ("safely unguessable": about 10^8 guesses) after the common lists and the person's own details.
  if (zxcvbn.check(password, personal.filter(Boolean)).score < 3) return 'accounts.errors.passwordCommon'
  return null
}

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum). */
export const hashPassword = (password: string) => hash(password)

/** A hash of nothing anyone knows: checking against it costs what checking a real account costs. */
const decoy = hash('decoy: no account has this password, it only takes the same time to check')

export async function passwordMatches(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    await verify(await decoy, password).catch(() => false)
    return false
  }
  return verify(storedHash, password).catch(() => false)
}
