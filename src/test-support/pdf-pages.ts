import { createCanvas } from '@napi-rs/canvas'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { PAGE_MARGINS_MM } from '../platform/pdf.ts'

const A4_HEIGHT_MM = 297
/** How far above the foot of the printed area a line's ink may not reach, and the scale pages are drawn at. */
const BAND_MM = 2
const SCALE = 2

/**
 * The pages (numbered from 1) whose printed area holds ink in its last BAND_MM: where the letters of the next page's
 * first line land when their ink rises above their line box and the page breaks before it. Each page is drawn by
 * pdf.js, as a reader's screen shows it. A row inked across half the width is a table's rule, not a letter, and is
 * allowed.
 */
export async function pagesInkedAtFoot(pdfBytes: Buffer): Promise<number[]> {
  const pdf = await getDocument({ data: new Uint8Array(pdfBytes), useSystemFonts: false }).promise
  const inked: number[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n)
    const viewport = page.getViewport({ scale: SCALE })
    const canvas = createCanvas(viewport.width, viewport.height)
    const ctx = canvas.getContext('2d')
    await page.render({ canvas: canvas as never, canvasContext: ctx as never, viewport }).promise
    const { width, height } = canvas
    const mm = height / A4_HEIGHT_MM
    const foot = height - Math.round(PAGE_MARGINS_MM.bottom * mm)
    const band = ctx.getImageData(0, foot - Math.round(BAND_MM * mm), width, Math.round(BAND_MM * mm)).data
    for (let row = 0; row * width * 4 < band.length; row++) {
      let ink = 0
      for (let x = 0; x < width; x++) {
        const o = (row * width + x) * 4
        if (band[o + 3]! > 0 && band[o]! < 160) ink++
      }
      if (ink > 0 && ink < width / 2) {
        inked.push(n)
        break
      }
    }
  }
  return inked
}
