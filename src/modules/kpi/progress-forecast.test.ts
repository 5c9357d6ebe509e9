import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { forecastOf, trendOf } from './progress-forecast.ts'

const norris = JSON.parse(readFileSync(new URL('./fixtures/nist-norris.json', import.meta.url), 'utf8')) as {
  x: number[]
  y: number[]
  certified: { intercept: number; slope: number; slopeError: number }
}
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-9, `${what}: ${actual} against ${expected}`)

describe('forecasts from the trend of a target’s figures', () => {
  test('the trend is the least-squares line NIST certifies for its Norris reference data', () => {
    const trend = trendOf(norris.x.map((x, i) => ({ x, y: norris.y[i]! })))
    close(trend.slope, norris.certified.slope, 'slope')
    close(trend.intercept, norris.certified.intercept, 'intercept')
    close(trend.slopeError, norris.certified.slopeError, 'standard error of the slope')
  })

  test('three figures on a straight line meet the target where the line does, with no range around it', () => {
    const figures = [
      { value: 10, measuredOn: '2026-01-01' },
      { value: 20, measuredOn: '2026-01-11' },
      { value: 30, measuredOn: '2026-01-21' },
    ]
    // One a day: 100 is reached 90 days after 10 on 1 January.
    assert.deepEqual(forecastOf(100, figures), { on: '2026-04-01', earliest: '2026-04-01', latest: '2026-04-01' })
  })

  test('scattered figures give a 95% range from Student’s t, and no latest date when the trend could be flat', () => {
    // Days 0, 10, 20 with 10, 24, 30: slope 1 a day through the mean (day 10, 21⅓); residuals −1⅓, 2⅔, −1⅓ give a
    // slope error of √((32/3) / 200) = 0.2309; t(0.975, 1 degree of freedom) = 12.706, so the slope may be 1 ± 2.934.
    const figures = [
      { value: 10, measuredOn: '2026-01-01' },
      { value: 24, measuredOn: '2026-01-11' },
      { value: 30, measuredOn: '2026-01-21' },
    ]
    // 100 at day 10 + 78⅔ / 1 = 88.7 (31 March); at the steepest slope, day 10 + 78⅔ / 3.934 = 30.0 (31 January).
    assert.deepEqual(forecastOf(100, figures), { on: '2026-03-31', earliest: '2026-01-31', latest: null })
  })

  test('no forecast from fewer than three figures or from one day; figures that do not rise never meet it', () => {
    assert.equal(
      forecastOf(100, [
        { value: 10, measuredOn: '2026-01-01' },
        { value: 20, measuredOn: '2026-02-01' },
      ]),
      undefined,
    )
    const oneDay = ['a', 'b', 'c'].map((_, i) => ({ value: 10 + i, measuredOn: '2026-01-01' }))
    assert.equal(forecastOf(100, oneDay), undefined)
    const falling = [30, 20, 10].map((value, i) => ({ value, measuredOn: `2026-0${i + 1}-01` }))
    assert.deepEqual(forecastOf(100, falling), { on: null, why: 'not_rising' })
  })
})
