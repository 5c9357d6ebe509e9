import type { FastifyRequest } from 'fastify'

export type UploadedFile = { field: string; filename: string; bytes: Buffer }

/**
 * A multipart form as an ordinary post reads it: repeated fields (checkboxes) become lists, files are collected.
 * A file over the limit is reported, not thrown, so the form can come back with everything typed kept.
 */
export async function readMultipartForm(req: FastifyRequest, limits: { fileSize: number; files: number }) {
  const fields: Record<string, string | string[]> = {}
  const files: UploadedFile[] = []
  let tooLarge = false
  for await (const part of req.parts({ limits })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch(() => undefined)
      if (!bytes) tooLarge = true
      else if (bytes.length) files.push({ field: part.fieldname, filename: part.filename, bytes })
    } else {
      const value = String(part.value)
      const had = fields[part.fieldname]
      fields[part.fieldname] = had === undefined ? value : [had].flat().concat(value)
    }
  }
  return { fields, files, tooLarge }
}
