import { hash, verify } from '@node-rs/argon2'

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 200

/**
 * The strength checker with the common-password dictionaries (about 40,000 leaked passwords, names and words, which
 * ship inside the package), made on the first password set: they take some 15 MB that a process serving pages
 * need not hold.
 */
let checker: Promise<{ check(password: string, personal: string[]): { score: number } }> | undefined
const strength = () =>
  (checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([{ ZxcvbnFactory }, common]) => new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  ))

/** The catalogue key of what is wrong with a new password, or null when it is acceptable. */
export async function passwordProblem(password: string, personal: string[] = []): Promise<string | null> {
  if (password.length < PASSWORD_MIN) return 'accounts.errors.passwordShort'
  if (password.length > PASSWORD_MAX) return 'accounts.errors.passwordLong'
  // Score 3 ("safely unguessable": about 10^8 guesses) after the common lists and the person's own details.
  if ((await strength()).check(password, personal.filter(Boolean)).score < 3) return 'accounts.errors.passwordCommon'
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
