import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { findPersonalData, redact, type PersonalKind } from './redaction.ts'

const marker = (kind: PersonalKind) => `[${kind}]`
const redacted = (text: string, names: string[] = []) => redact(text, findPersonalData(text, names), marker)
const toUrdu = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)))
const toArabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))

describe('finding personal data in a narrative', () => {
  const cases: [string, string, string][] = [
    ['a hyphenated CNIC', 'My CNIC 35202-1234567-1 was rejected.', 'My CNIC [cnic] was rejected.'],
    ['an unhyphenated CNIC', 'CNIC 3520212345671, please check', 'CNIC [cnic], please check'],
    ['a CNIC in Urdu digits inside Urdu text', `میرا شناختی کارڈ ${toUrdu('35202-1234567-1')} مسترد ہوا`, 'میرا شناختی کارڈ [cnic] مسترد ہوا'],
    ['a CNIC in Arabic-Indic digits', `رقم ${toArabicIndic('3520212345671')} درج`, 'رقم [cnic] درج'],
    ['a mobile number with +92', 'Call me on +92 300 1234567 after six.', 'Call me on [phone] after six.'],
    ['a mobile number as 03xx-', 'فون 0301-2345678 پر رابطہ کریں', 'فون [phone] پر رابطہ کریں'],
    ['a mobile number with spaces', 'number 0333 123 4567.', 'number [phone].'],
    ['a mobile number in Urdu digits', `نمبر ${toUrdu('03001234567')} ہے`, 'نمبر [phone] ہے'],
    ['an e-mail address', 'Write to ali.raza@example.com today', 'Write to [email] today'],
    ['the name given in the contact fields, and its parts', 'Ali Raza was refused; Raza appealed.', '[name] was refused; [name] appealed.'],
    ['an Urdu name', 'عائشہ بی بی کو امداد نہیں ملی', '[name] کو امداد نہیں ملی'],
  ]
  for (const [what, text, expected] of cases) {
    test(what, () => assert.equal(redacted(text, ['Ali Raza', 'عائشہ بی بی']), expected))
  }

  const nearMisses: [string, string][] = [
    ['a year', 'It happened in 2025 and again in 2026.'],
    ['an amount of money', 'They cut Rs 25,000 from the payment of 12000.'],
    ['a date', 'On 12-05-2025 the office was closed.'],
    ['a twelve-digit reference', 'Reference 123456789012 was given.'],
    ['a fourteen-digit number', 'Account 12345678901234 was frozen.'],
    ['a landline that is not a mobile', 'Office 051-9246326 did not answer.'],
    ['a part of a longer word that matches a name', 'The Alibaba portal failed.'],
    ['a CNIC-like pattern with an extra digit', 'Ticket 35202-12345678-1 is open.'],
  ]
  for (const [what, text] of nearMisses) {
    test(`not ${what}`, () => assert.equal(redacted(text, ['Ali Raza']), text))
  }

  test('a number inside an e-mail address is one finding, not two', () => {
    const findings = findPersonalData('mail 03001234567@example.com now')
    assert.deepEqual(findings.map((f) => f.kind), ['email'])
  })
})
