import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { asciiDigits, formatTrackingCode, newTrackingCode, parseTrackingCode } from './tracking-code.ts'

const toUrdu = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))
const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))

describe('tracking codes', () => {
  test('a new code is sixteen digits that pass their own check, printed in four groups of four', () => {
    const code = newTrackingCode()
    assert.match(code, /^\d{16}$/)
    assert.deepEqual(parseTrackingCode(code), { ok: true, code })
    assert.match(formatTrackingCode(code), /^\d{4} \d{4} \d{4} \d{4}$/)
  })

  test('codes do not repeat', () => {
    const codes = new Set(Array.from({ length: 2000 }, newTrackingCode))
    assert.equal(codes.size, 2000)
  })

  test('typed back with spaces, hyphens, Urdu or Arabic-Indic digits, a code is recognised', () => {
    const code = newTrackingCode()
    const printed = formatTrackingCode(code)
    for (const typed of [printed, printed.replaceAll(' ', '-'), toUrdu(printed), toArabicIndic(printed), ` ${toUrdu(code)} `]) {
      assert.deepEqual(parseTrackingCode(typed), { ok: true, code }, typed)
    }
  })

  test('every single wrong digit and every swap of neighbours is caught by the check digit', () => {
    const code = newTrackingCode()
    for (let i = 0; i < code.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === code[i]) continue
        const wrong = code.slice(0, i) + d + code.slice(i + 1)
        assert.deepEqual(parseTrackingCode(wrong), { ok: false, reason: 'check' }, wrong)
      }
      if (i < code.length - 1 && code[i] !== code[i + 1]) {
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)
        assert.deepEqual(parseTrackingCode(swapped), { ok: false, reason: 'check' }, swapped)
      }
    }
  })

  test('too short, too long or not digits at all is refused as such', () => {
    for (const typed of ['', '1234 5678', '1234 5678 9012 3456 7', 'abcd efgh ijkl mnop'])
      assert.deepEqual(parseTrackingCode(typed), { ok: false, reason: 'length' }, typed)
  })

  test('Urdu and Arabic-Indic digits read as ASCII', () => {
    assert.equal(asciiDigits('۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩'), '0123456789 0123456789')
  })
})
