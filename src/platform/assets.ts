import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const publicDir = fileURLToPath(new URL('../../public', import.meta.url))
export const urduFontFile = 'noto-nastaliq-urdu-arabic-400-normal.woff2'
export const fontsDir = fileURLToPath(new URL('../../node_modules/@fontsource/noto-nastaliq-urdu/files', import.meta.url))

/** htmx, the only script Mizan sends: it refreshes parts of a page in place, and every page works without it. */
export const scriptsDir = fileURLToPath(new URL('../../node_modules/htmx.org/dist', import.meta.url))
export const htmxFile = 'htmx.min.js'

export type Assets = { url(path: string): string }

const fingerprint = (file: string) => createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 10)

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else yield full
  }
}

/**
 * Every asset URL carries a hash of its content, so browsers may cache assets for a year
 * and still see a change the moment it is deployed.
 */
export function loadAssets(): Assets {
  const versions = new Map<string, string>()
  for (const file of walk(publicDir)) versions.set(relative(publicDir, file), fingerprint(file))
  versions.set(`fonts/${urduFontFile}`, fingerprint(join(fontsDir, urduFontFile)))
  versions.set(`js/${htmxFile}`, fingerprint(join(scriptsDir, htmxFile)))
  return {
    url(path) {
      const v = versions.get(path)
      if (!v) throw new Error(`unknown asset ${path}`)
      return `/static/${path}?v=${v}`
    },
  }
}
