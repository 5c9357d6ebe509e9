import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import iconv from 'iconv-lite'
import { TextFileError, utf8Bytes } from './text-file.ts'

/** The file as an upload delivers it: in pieces of `size` bytes. */
async function* inPieces(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
}
const read = async (bytes: Buffer, size = 7, maxBytes = 1 << 20) => {
  const pieces: Buffer[] = []
  for await (const piece of utf8Bytes(inPieces(bytes, size), { maxBytes })) {
    // Each piece handed on ends between characters: it decodes alone, with no replacement character.
    assert.equal(Buffer.from(piece.toString('utf8')).equals(piece), true)
    pieces.push(piece)
  }
  return Buffer.concat(pieces).toString('utf8')
}
const refusal = async (bytes: Buffer, size = 7, maxBytes = 1 << 20) =>
  read(bytes, size, maxBytes).then(
    () => assert.fail('the file was accepted'),
    (err: unknown) => (assert.ok(err instanceof TextFileError, String(err)), err),
  )

const mixed = 'name,summary\nنادرا شناخت,Lahore — café ✓ 𝐀\nسندھی,ٻار\n'

describe('reading an uploaded text file', () => {
  test('UTF-8 split anywhere, even inside a character, reads back exactly', async () => {
    for (const size of [1, 2, 3, 5, 64]) assert.equal(await read(Buffer.from(mixed), size), mixed)
    // A replacement character the file really holds is text like any other.
    assert.equal(await read(Buffer.from('a,b\n\uFFFD,ok\n'), 2), 'a,b\n\uFFFD,ok\n')
  })

  test('a file saved as Windows-1252 is refused, naming the line, the byte and the encoding it was saved in', async () => {
    const legacy = iconv.encode('name,summary\nCaisse,Prêt à taux zéro pour les ménages\n', 'win1252')
    const err = await refusal(legacy)
    assert.equal(err.key, 'notUtf8')
    assert.equal(err.vars.line, 2)
    assert.equal(err.vars.byte, legacy.indexOf(0xea) + 1)
    assert.equal(err.vars.encoding, 'Windows-1252')
  })

  test('an invalid byte after valid multi-byte text is found at its own byte', async () => {
    const good = Buffer.from('نام\nسسس')
    const err = await refusal(Buffer.concat([good, Buffer.from([0xff]), Buffer.from('x\n')]), 4)
    assert.deepEqual([err.vars.line, err.vars.byte], [2, good.length + 1])
  })

  test('a file cut inside a character is refused, not decoded with a replacement', async () => {
    const cut = Buffer.from('ok\nنا').subarray(0, -1)
    assert.equal((await refusal(cut)).key, 'notUtf8')
  })

  test('a UTF-16 file (as Excel saves "Unicode text") is refused as UTF-16, with or without its byte-order mark', async () => {
    assert.equal((await refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n', 'utf16le')]))).key, 'utf16')
    assert.equal((await refusal(Buffer.from('name,summary\n', 'utf16le'))).key, 'utf16')
  })

  test('a file of exactly the limit is read; one byte more is refused whole', async () => {
    const limit = Buffer.from(mixed).length
    assert.equal(await read(Buffer.from(mixed), 5, limit), mixed)
    const err = await refusal(Buffer.from(mixed + 'x'), 5, limit)
    assert.deepEqual([err.key, err.vars.max], ['tooLarge', limit])
  })

  test('an upload the server cut at its limit is refused, even when what arrived is within it', async () => {
    const pieces = inPieces(Buffer.from(mixed), 5)
    const text = utf8Bytes(pieces, { maxBytes: 1 << 20, truncated: () => true })
    await assert.rejects(
      async () => {
        for await (const _ of text);
      },
      (err: TextFileError) => err.key === 'tooLarge',
    )
  })
})
