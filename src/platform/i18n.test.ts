import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { clauseRef, formatWhen, isolate, loadCatalogue, localisePath, localVars, splitLocale, translator } from './i18n.ts'

/** Every leaf of a catalogue as `path → value`; arrays by index, so both languages have as many paragraphs. */
function leaves(node: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) for (const [p, x] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, x)
  } else out.set(prefix, node)
  return out
}

describe('catalogues', () => {
  const en = leaves(loadCatalogue('en'))
  const ur = leaves(loadCatalogue('ur'))

  test('English and Urdu have exactly the same keys', () => {
    assert.deepEqual(
      [...en.keys()].filter((k) => !ur.has(k)),
      [],
      'keys missing from ur.json',
    )
    assert.deepEqual(
      [...ur.keys()].filter((k) => !en.has(k)),
      [],
      'keys missing from en.json',
    )
  })

  test('no value is empty or anything but text', () => {
    for (const [lang, map] of [
      ['en', en],
      ['ur', ur],
    ] as const) {
      for (const [k, v] of map) assert.ok(typeof v === 'string' && v.trim() !== '', `${lang}: ${k} is empty`)
    }
  })

  test('Urdu values are written in Urdu script, not left in English', () => {
    const latinOnly = [...ur].filter(([, v]) => typeof v === 'string' && !/[\u0600-\u06FF]/.test(v))
    // The language switch on Urdu pages names English in English, as language pickers do.
    assert.deepEqual(
      latinOnly.map(([k]) => k),
      ['layout.language.switch'],
    )
  })

  test('interpolation placeholders match between languages', () => {
    const placeholders = (v: unknown) => [...String(v).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort()
    for (const [k, v] of en) assert.deepEqual(placeholders(ur.get(k)), placeholders(v), k)
  })
})

describe('locale in the URL', () => {
  test('/ur and everything under it is Urdu; the rest is English', () => {
    assert.deepEqual(splitLocale('/ur'), { locale: 'ur', url: '/' })
    assert.deepEqual(splitLocale('/ur/'), { locale: 'ur', url: '/' })
    assert.deepEqual(splitLocale('/ur?x=1'), { locale: 'ur', url: '/?x=1' })
    assert.deepEqual(splitLocale('/ur/contact?page=%2F'), { locale: 'ur', url: '/contact?page=%2F' })
    assert.deepEqual(splitLocale('/urdu-guide'), { locale: 'en', url: '/urdu-guide' })
    assert.deepEqual(splitLocale('/contact'), { locale: 'en', url: '/contact' })
  })

  test('links are built in the page language', () => {
    assert.equal(localisePath('ur', '/'), '/ur/')
    assert.equal(localisePath('ur', '/contact'), '/ur/contact')
    assert.equal(localisePath('en', '/contact'), '/contact')
  })

  test("stored bilingual values are read in the reader's language", () => {
    const vars = { organisationEn: 'AI Directorate', organisationUr: 'اے آئی ڈائریکٹوریٹ', count: '3' }
    assert.deepEqual(localVars(vars, 'en'), { organisation: 'AI Directorate', count: '3' })
    assert.deepEqual(localVars(vars, 'ur'), { organisation: 'اے آئی ڈائریکٹوریٹ', count: '3' })
  })

  test('the translator answers in the language asked for', () => {
    assert.equal(translator('en')('site.name'), 'Mizan')
    assert.equal(translator('ur')('site.name'), 'میزان')
  })
})

describe('direction inside Urdu text', () => {
  test('every value set into an Urdu sentence is isolated, but an address; English sentences are left as they are', () => {
    const ur = translator('ur')
    assert.equal(ur('incidents.track.received', { date: '5 دسمبر' }), `${isolate('5 دسمبر')} کو موصول ہوئی۔`)
    assert.ok(ur('incidents.track.hint', { example: '1234 5678 9012 3456' }).includes(isolate('1234 5678 9012 3456')))
    assert.ok(
      !ur('emails.incidentUpdate.body', { status: 'x', url: 'https://mizan.gov.pk/ur/track' }).includes(
        isolate('https://mizan.gov.pk/ur/track'),
      ),
    )
    assert.equal(translator('en')('incidents.track.received', { date: '5 Dec' }), 'Received on 5 Dec.')
  })

  test('counts and places in a file are written with their thousands grouped, in both languages; other numbers as given', () => {
    const en = translator('en')
    assert.equal(en('register.import.readAs.comma', { count: 45000 }), 'Read as comma-separated CSV: 45,000 records.')
    assert.equal(
      en('register.import.tooLong', { length: 12500, max: 8000 }),
      'This is 12,500 characters long; at most 8,000 are accepted',
    )
    assert.ok(translator('ur')('register.import.readAs.comma', { count: 45000 }).includes(isolate('45,000')))
    assert.equal(en('register.search.resultsMore', { count: 1000 }), 'More than 1,000 systems found')
    // A score is not a count: it is shown as the scheme computed it.
    assert.ok(en('assessments.level.scoreLine', { score: 1234, max: 2000, share: '62%' }).startsWith('Risk score 1234 of 2,000'))
  })

  test('no Urdu text letters a clause in Latin: 3.2(b) becomes 3.2(ب), which reads in its place', () => {
    assert.equal(clauseRef('ur', '3.2(b)'), '3.2(ب)')
    assert.equal(clauseRef('ur', '2.1(a), 5.5(e)'), '2.1(الف), 5.5(ہ)')
    assert.equal(clauseRef('en', '3.2(b)'), '3.2(b)')
    assert.equal(clauseRef('ur', 'Action Matrix 8 (desired state)'), 'ایکشن میٹرکس 8 (مطلوبہ حالت)')
    assert.equal(clauseRef('ur', '2.1 CoE-AI (c)'), '2.1 مرکزِ فضیلت (ج)')
    const latinClauses = [...leaves(loadCatalogue('ur'))].filter(([, v]) => /\d\([a-z]\)/.test(String(v))).map(([k]) => k)
    assert.deepEqual(latinClauses, [])
  })
})

describe('dates', () => {
  test('dates are written as Pakistan writes them, the month in full, in Pakistan time', () => {
    assert.equal(formatWhen('en', '2025-09-15'), '15 September 2025')
    assert.equal(formatWhen('ur', '2025-09-15'), '15 ستمبر، 2025')
    assert.equal(formatWhen('en', new Date('2025-09-15T20:30:00Z')), '16 September 2025 at 1:30 am')
    assert.equal(formatWhen('en', new Date('2025-09-15T20:30:00Z'), { dateOnly: true }), '16 September 2025')
  })
})
