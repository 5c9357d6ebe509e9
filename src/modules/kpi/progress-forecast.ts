import jStat from 'jstat'
import type { Measurement } from './progress-status.ts'

/** Figures needed before a trend is drawn: two points always make a line, three can show how well it fits. */
export const FORECAST_FROM = 3

/**
 * When a target would be met at the trend of its figures: the day, and a 95% range from the trend's slope, or that
 * the figures do not rise. `latest` is null when the slope could be zero or less within that range (the target may
 * never be met at this trend).
 */
export type Forecast = { on: string; earliest: string; latest: string | null } | { on: null; why: 'not_rising' }

const DAY_MS = 86_400_000
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS
const isoOf = (day: number) => new Date(Math.round(day) * DAY_MS).toISOString().slice(0, 10)
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length

/** The least-squares line through points, by jStat: intercept, slope and the slope's standard error. */
export function trendOf(points: readonly { x: number; y: number }[]) {
  const fit = jStat.models.ols(
    points.map((p) => p.y),
    points.map((p) => [1, p.x]),
  )
  return { intercept: fit.coef[0]!, slope: fit.coef[1]!, slopeError: fit.t.se[1]! }
}

/**
 * Where a straight line fitted to the figures (least squares, by day) reaches the target, with a 95% range from the
 * slope's confidence interval (Student's t with n − 2 degrees of freedom), the line pivoting on the figures' mean.
 * Undefined with fewer than three figures, or all on one day.
 */
export function forecastOf(target: number, measurements: readonly Measurement[]): Forecast | undefined {
  const points = measurements.map((m) => ({ x: dayOf(m.measuredOn), y: m.value }))
  if (points.length < FORECAST_FROM || new Set(points.map((p) => p.x)).size < 2) return undefined
  const { slope, slopeError } = trendOf(points)
  if (!(slope > 0)) return { on: null, why: 'not_rising' }
  const centre = { x: mean(points.map((p) => p.x)), y: mean(points.map((p) => p.y)) }
  const reachAt = (s: number) => centre.x + (target - centre.y) / s
  const margin = jStat.studentt.inv(0.975, points.length - 2) * (Number.isFinite(slopeError) ? slopeError : 0)
  const shallowest = slope - margin
  return {
    on: isoOf(reachAt(slope)),
    earliest: isoOf(reachAt(slope + margin)),
    latest: shallowest > 0 ? isoOf(reachAt(shallowest)) : null,
  }
}
