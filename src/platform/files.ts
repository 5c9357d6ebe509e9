import { createHash } from 'node:crypto'
import { and, asc, eq } from 'drizzle-orm'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Db } from '../db/engine.ts'
import type { Actor, AuditLog } from './audit-log.ts'
import type { Clock } from './clock.ts'
import { HttpError } from './errors.ts'
import { storedFiles } from './files.tables.ts'

/** The only kinds of file Mizan accepts. Never SVG or HTML: a browser would run their scripts. */
export const fileKinds = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'] },
  png: { mediaType: 'image/png', extensions: ['png'] },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  csv: { mediaType: 'text/csv; charset=utf-8', extensions: ['csv'] },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
} as const
export type FileKind = keyof typeof fileKinds

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b)
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** What the bytes are, judged by their content (magic bytes), never by the name or the browser's claim. */
export function detectKind(bytes: Buffer): FileKind | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // An Office Open XML workbook: a zip holding [Content_Types].xml and an xl/ folder (names are stored as plain text).
    const latin = bytes.toString('latin1')
    return latin.includes('[Content_Types].xml') && latin.includes('xl/') ? 'xlsx' : null
  }
  if (bytes.length > 0 && !bytes.includes(0)) {
    try {
      const text = utf8
        .decode(bytes)
        .replace(/^\uFEFF/, '')
        .trimStart()
      // Markup is never a table, whatever it is called.
      return text.startsWith('<') ? null : 'csv'
    } catch {
      return null
    }
  }
  return null
}

export class FileRefused extends HttpError {
  constructor(reason: 'type' | 'size' | 'empty') {
    super(reason === 'size' ? 413 : 415, reason === 'size' ? 'fileSize' : 'fileType')
  }
}

export class FileDamaged extends Error {}

export type NewFile = {
  ownerType: string
  ownerId: string
  filename: string
  bytes: Buffer
  allowed: readonly FileKind[]
  maxBytes: number
}

/** A name safe to send back in Content-Disposition: no path, no control characters. */
const cleanName = (name: string) =>
  [...(name.split(/[\\/]/).pop() ?? '')]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f' && c !== '"')
    .join('')
    .slice(-200) || 'file'

/** Checks and stores a file in the caller's transaction, with an audit entry; returns its id. */
export async function storeFile(tx: Db, deps: { clock: Clock; audit: AuditLog }, actor: Actor, file: NewFile): Promise<string> {
  if (file.bytes.length === 0) throw new FileRefused('empty')
  if (file.bytes.length > file.maxBytes) throw new FileRefused('size')
  const kind = detectKind(file.bytes)
  const extension = file.filename.toLowerCase().split('.').pop() ?? ''
  if (!kind || !file.allowed.includes(kind) || !(fileKinds[kind].extensions as readonly string[]).includes(extension))
    throw new FileRefused('type')
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  const [row] = await tx
    .insert(storedFiles)
    .values({
      ownerType: file.ownerType,
      ownerId: file.ownerId,
      filename: cleanName(file.filename),
      mediaType: fileKinds[kind].mediaType,
      size: file.bytes.length,
      sha256,
      bytes: file.bytes,
      createdAt: deps.clock.now(),
    })
    .returning({ id: storedFiles.id })
  await deps.audit.record(tx, actor, {
    action: 'files.stored',
    subject: { type: file.ownerType, id: file.ownerId },
    changes: { file: row!.id, kind, size: file.bytes.length, sha256 },
  })
  return row!.id
}

/** The files attached to one record, oldest first, without their bytes. */
export const filesOf = (db: Db, ownerType: string, ownerId: string) =>
  db
    .select({ id: storedFiles.id, filename: storedFiles.filename, size: storedFiles.size })
    .from(storedFiles)
    .where(and(eq(storedFiles.ownerType, ownerType), eq(storedFiles.ownerId, ownerId)))
    .orderBy(asc(storedFiles.createdAt))

/** A stored file, its checksum verified: damaged bytes are never served as if they were the upload. */
export async function readFile(db: Db, id: string) {
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id))
  if (!row) return undefined
  if (createHash('sha256').update(row.bytes).digest('hex') !== row.sha256)
    throw new FileDamaged(`file ${id} does not match its checksum`)
  return row
}

/** Who may read a record's files: each feature registers the rule for its own records. */
export type FileReadRule = (req: FastifyRequest, ownerId: string) => Promise<boolean>

const FileParams = z.object({ id: z.uuid() })

/**
 * GET /files/:id serves a file as a download, only to people allowed to see the record it belongs to.
 * Anyone else gets 404, as for a file that does not exist.
 */
export function fileRoutes(app: FastifyInstance, db: Db, rules: ReadonlyMap<string, FileReadRule>) {
  app.get('/files/:id', { config: { access: 'public' }, schema: { params: FileParams } }, async (req, reply) => {
    const { id } = req.params as z.infer<typeof FileParams>
    const [meta] = await db
      .select({ ownerType: storedFiles.ownerType, ownerId: storedFiles.ownerId })
      .from(storedFiles)
      .where(eq(storedFiles.id, id))
    const rule = meta ? rules.get(meta.ownerType) : undefined
    if (!meta || !rule || !(await rule(req, meta.ownerId))) throw new HttpError(404, '404')
    const file = (await readFile(db, id))!
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .header('digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`)
      .send(file.bytes)
  })
}

/** Deletes a record's files (retention, erasure); the audit log keeps that they existed and their checksums. */
export async function deleteFilesOf(
  tx: Db,
  deps: { audit: AuditLog },
  actor: Actor,
  ownerType: string,
  ownerId: string,
): Promise<number> {
  const gone = await tx
    .delete(storedFiles)
    .where(and(eq(storedFiles.ownerType, ownerType), eq(storedFiles.ownerId, ownerId)))
    .returning({ id: storedFiles.id, sha256: storedFiles.sha256 })
  if (gone.length)
    await deps.audit.record(tx, actor, {
      action: 'files.deleted',
      subject: { type: ownerType, id: ownerId },
      changes: { files: gone },
    })
  return gone.length
}
