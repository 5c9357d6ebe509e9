import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fontsDir, publicDir, urduFontFile } from './assets.ts'
import { HttpError } from './errors.ts'
import { direction, type Locale } from './i18n.ts'

/** Publishing needs Chromium; the message names what to install. */
export class ChromiumMissing extends HttpError {
  constructor(path: string) {
    super(409, 'chromiumMissing', { path })
  }
}

const css = (file: string) => readFileSync(join(publicDir, 'css', file), 'utf8')

/**
 * A self-contained document for printing: our stylesheets inline and, in Urdu, the Nastaliq font as a data URI, so
 * Chromium needs no network and the PDF embeds the very font the pages use.
 */
export function printDocument(locale: Locale, title: string, body: string): string {
  const font = `data:font/woff2;base64,${readFileSync(join(fontsDir, urduFontFile)).toString('base64')}`
  const styles = css('main.css') + (locale === 'ur' ? css('urdu.css').replace(`/static/fonts/${urduFontFile}`, font) : '')
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html><html lang="${locale}" dir="${direction(locale)}"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${styles}@page{margin:18mm 14mm}</style></head><body><main>${body}</main></body></html>`
}

/**
 * Renders HTML documents to PDF with one Chromium, which shapes Nastaliq and orders right-to-left text correctly (no JavaScript PDF
 * library does). Scripts are off: the document is ours and needs none.
 */
export async function renderPdfs(chromiumPath: string, documents: readonly string[]): Promise<Buffer[]> {
  if (!existsSync(chromiumPath)) throw new ChromiumMissing(chromiumPath)
  // Loaded on the first report, not at start: the browser driver alone is the largest library Mizan uses.
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  try {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const pdfs: Buffer[] = []
    for (const html of documents) {
      const page = await context.newPage()
      await page.setContent(html, { waitUntil: 'load' })
      pdfs.push(await page.pdf({ format: 'A4', printBackground: true }))
    }
    return pdfs
  } finally {
    await browser.close()
  }
}
