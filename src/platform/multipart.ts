import type { Multipart } from '@fastify/multipart'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { HttpError } from './errors.ts'

/** The largest upload accepted anywhere; features set tighter limits of their own. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

export type UploadedFile = { field: string; filename: string; bytes: Buffer }
type Limits = { fileSize: number; files: number }

const TOO_LARGE = 'FST_REQ_FILE_TOO_LARGE'

/**
 * A body that does not parse as multipart (no boundary, cut short, a broken part header) is the sender's mistake:
 * the parser throws plain errors for those, which would otherwise be answered as our own failure (500).
 */
function asClientError(err: unknown): unknown {
  const status = (err as { statusCode?: unknown }).statusCode
  return err instanceof HttpError || (typeof status === 'number' && status < 500) ? err : new HttpError(400, 'multipart')
}

/** The parts of a multipart body, with malformed bodies refused as 400. */
export async function* multipartParts(
  req: FastifyRequest,
  limits: Limits,
  { throwFileSizeLimit = true } = {},
): AsyncGenerator<Multipart> {
  try {
    // The plugin reads `throwFileSizeLimit` per request too, although its types list it only for registration.
    for await (const part of req.parts({ limits, throwFileSizeLimit } as Parameters<FastifyRequest['parts']>[0])) yield part
  } catch (err) {
    throw asClientError(err)
  }
}

/** A part's bytes; a body cut short inside a file is refused as 400, a file over the limit is left to the caller. */
export async function bytesOf(part: Multipart & { type: 'file' }): Promise<Buffer> {
  try {
    return await part.toBuffer()
  } catch (err) {
    throw asClientError(err)
  }
}

/** The one file of a single-file upload form, read whole; undefined when none was sent. */
export async function singleFile(req: FastifyRequest, limits: Limits): Promise<{ filename: string; bytes: Buffer } | undefined> {
  for await (const part of multipartParts(req, limits))
    if (part.type === 'file') return { filename: part.filename, bytes: await bytesOf(part) }
  return undefined
}

/** A file as it arrives: its bytes as they stream in, and whether the upload went over the limit and was cut. */
export type StreamedFile = { filename: string; chunks: AsyncIterable<Buffer>; truncated: () => boolean }

/**
 * A form with one file, read without holding the file: `read` consumes it as it streams in. The form's fields before
 * the file are returned with what `read` made of it, so a refused file can come back with the choices kept. Going
 * over the limit is `read`'s to report (the file is cut there and `truncated()` is true), never an error page.
 */
export async function streamedUpload<T>(
  req: FastifyRequest,
  limits: Limits,
  read: (file: StreamedFile) => Promise<T>,
): Promise<{ fields: Record<string, string | string[]>; file: T | undefined }> {
  const fields: Record<string, string | string[]> = {}
  let file: T | undefined
  for await (const part of multipartParts(req, limits, { throwFileSizeLimit: false })) {
    if (part.type === 'file') {
      if (file === undefined && part.filename !== '')
        file = await read({ filename: part.filename, chunks: part.file, truncated: () => part.file.truncated })
      // Any other file, and whatever a reader left unread (a file refused at its first bad byte), is drained.
      part.file.resume()
    } else addField(fields, part.fieldname, String(part.value))
  }
  return { fields, file }
}

const addField = (fields: Record<string, string | string[]>, name: string, value: string) => {
  const had = fields[name]
  fields[name] = had === undefined ? value : [had].flat().concat(value)
}

/**
 * A multipart form as an ordinary post reads it: repeated fields (checkboxes) become lists, files are collected.
 * A file over the limit is reported, not thrown, so the form can come back with everything typed kept.
 */
export async function readMultipartForm(req: FastifyRequest, limits: Limits) {
  const fields: Record<string, string | string[]> = {}
  const files: UploadedFile[] = []
  let tooLarge = false
  for await (const part of multipartParts(req, limits)) {
    if (part.type === 'file') {
      const bytes = await bytesOf(part).catch((err: { code?: string }) => {
        if (err.code === TOO_LARGE) return undefined
        throw err
      })
      if (!bytes) tooLarge = true
      else if (bytes.length) files.push({ field: part.fieldname, filename: part.filename, bytes })
    } else addField(fields, part.fieldname, String(part.value))
  }
  return { fields, files, tooLarge }
}

/** An upload as it lies in a private temporary file, until `remove` deletes it; `truncated` if it went over the limit. */
export type SpooledFile = { filename: string; path: string; truncated: boolean; remove: () => Promise<void> }

/** Writes a file to a private temporary folder as it streams in, never holding it in memory. */
async function spool(file: StreamedFile): Promise<SpooledFile> {
  const dir = await mkdtemp(join(tmpdir(), 'mizan-upload-'))
  const remove = () => rm(dir, { recursive: true, force: true })
  const path = join(dir, 'upload')
  try {
    await pipeline(file.chunks, createWriteStream(path, { mode: 0o600 }))
  } catch (err) {
    await remove()
    // A failure of our own disk (full, not writable) is ours to answer for; anything else is the body cut short.
    throw (err as NodeJS.ErrnoException).syscall ? err : asClientError(err)
  }
  return { filename: file.filename, path, truncated: file.truncated(), remove }
}

/**
 * A form with one file, the file written to disk as it streams in, for work that must read it only once the whole
 * form has come (its choices may follow the file) and must not hold it in memory. The caller removes the file when
 * done; a form that fails after its file arrived leaves nothing behind.
 */
export async function spooledUpload(req: FastifyRequest, limits: Limits) {
  let spooled: SpooledFile | undefined
  try {
    return await streamedUpload(req, limits, async (f) => (spooled = await spool(f)))
  } catch (err) {
    await spooled?.remove()
    throw err
  }
}
