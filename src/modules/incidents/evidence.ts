import { detectKind, FileRefused } from '../../platform/files.ts'

/** Evidence a reporter attaches: photos and scans, never public; only triage staff read it. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
export const EVIDENCE_MAX_FILES = 3

/**
 * A photo's location, camera and other metadata (EXIF, XMP, text chunks) can identify the reporter, so photos are
 * re-encoded without any, turned upright first since the orientation tag goes too. PDFs are kept as they are.
 */
export async function withoutMetadata(bytes: Buffer): Promise<Buffer> {
  const kind = detectKind(bytes)
  if (kind === 'pdf') return bytes
  if (kind !== 'jpeg' && kind !== 'png') throw new FileRefused('type')
  // Loaded on the first photo, not at start.
  const { default: sharp } = await import('sharp')
  try {
    const image = sharp(bytes, { failOn: 'error' }).rotate()
    return await (kind === 'jpeg' ? image.jpeg({ quality: 92 }) : image.png()).toBuffer()
  } catch {
    // Bytes that start like an image but do not decode are not evidence anyone can read.
    throw new FileRefused('type')
  }
}
