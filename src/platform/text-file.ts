import { isUtf8 } from 'node:buffer'
import chardet from 'chardet'

/** Why an uploaded text file was refused whole: a catalogue key under `files.text`, and what it names. */
export class TextFileError extends Error {
  constructor(
    readonly key: 'tooLarge' | 'notUtf8' | 'utf16',
    readonly vars: Record<string, string | number> = {},
  ) {
    super(`text file refused: ${key}`)
  }
}

const REPLACEMENT = '\uFFFD'
const ENCODED_REPLACEMENT = Buffer.from(REPLACEMENT)

/** Where in a chunk decoding first replaced bytes that were not UTF-8: the text before it, or undefined if none. */
function validPrefix(bytes: Buffer, text: string): string | undefined {
  let at = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!
    if (text[i] === REPLACEMENT && !bytes.subarray(at, at + 3).equals(ENCODED_REPLACEMENT)) return text.slice(0, i)
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
    if (size === 4) i++
    at += size
  }
  return undefined
}

/** How many bytes at the end of a chunk begin a character that the next chunk completes. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!
    if ((byte & 0xc0) === 0x80) continue // a continuation byte: look further back for the lead byte
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return size > back ? back : 0
  }
  return 0
}

const SAMPLE_BYTES = 65536

/** A byte-order mark of UTF-16, or a NUL byte, which no text file in UTF-8 holds. */
const looksUtf16 = (head: Buffer) =>
  (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.includes(0)

/** A name a person recognises for the encoding a file was most likely saved in (chardet's best guess). */
function likelyEncoding(head: Buffer): string {
  const guess = chardet.detect(head) ?? 'unknown'
  return /^(ISO-8859-1|windows-1252)$/i.test(guess) ? 'Windows-1252' : guess
}

/** How many line feeds a piece of a file holds, counted without decoding it. */
function lineFeeds(bytes: Buffer): number {
  let count = 0
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count++
  return count
}

/**
 * The bytes of an uploaded file, checked to be UTF-8 as they stream in and handed on in pieces that end between
 * characters, so that a large file is never held whole nor decoded twice (a parser that reads bytes decodes each
 * field once). The file is refused whole, never cut: when it is larger than `maxBytes`, when the upload was
 * truncated, or when a byte is not UTF-8 (the error names its line and byte, and the encoding the file was
 * probably saved in).
 */
export async function* utf8Bytes(
  chunks: AsyncIterable<Buffer>,
  { maxBytes, truncated = () => false }: { maxBytes: number; truncated?: () => boolean },
): AsyncGenerator<Buffer> {
  let total = 0
  let line = 1
  let carry = Buffer.alloc(0)
  // The file's first bytes, kept to tell UTF-16 and to guess the encoding of a file that is not UTF-8.
  let head = Buffer.alloc(0)
  for await (const chunk of chunks) {
    total += chunk.length
    if (total > maxBytes) throw new TextFileError('tooLarge', { max: maxBytes })
    if (head.length < SAMPLE_BYTES) {
      head = Buffer.concat([head, chunk.subarray(0, SAMPLE_BYTES - head.length)])
      if (looksUtf16(head)) throw new TextFileError('utf16')
    }
    const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk
    const keep = incompleteTail(bytes)
    const whole = bytes.subarray(0, bytes.length - keep)
    carry = Buffer.from(bytes.subarray(bytes.length - keep))
    if (!isUtf8(whole)) {
      // Only a refused file is decoded here: to find its first bad byte, and the line it is on.
      const text = whole.toString('utf8')
      const prefix = validPrefix(whole, text) ?? text
      throw new TextFileError('notUtf8', {
        line: line + lineFeeds(Buffer.from(prefix)),
        byte: total - bytes.length + Buffer.byteLength(prefix) + 1,
        // The bytes around the first bad one tell its encoding best, with the file's start for more to go on.
        encoding: likelyEncoding(Buffer.concat([head, bytes])),
      })
    }
    line += lineFeeds(whole)
    if (whole.length) yield whole
  }
  if (truncated()) throw new TextFileError('tooLarge', { max: maxBytes })
  if (carry.length) throw new TextFileError('notUtf8', { line, byte: total - carry.length + 1, encoding: likelyEncoding(head) })
}
