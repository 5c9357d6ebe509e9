import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { stringify } from 'csv-stringify/sync'
import { barChart } from '../../platform/charts.ts'
import type { Deps } from '../../platform/deps.ts'
import type { Indicator } from '../../platform/indicators.ts'
import { FileRefused } from '../../platform/files.ts'
import { readMultipartForm } from '../../platform/multipart.ts'
import { parseForm, type FieldErrors } from '../../platform/forms.tsx'
import { pageContext, sendPage } from '../../platform/page.ts'
import { clauseRef } from '../../platform/i18n.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import { listPillars } from './kpi.service.ts'
import {
  ChallengeForm,
  challengeRating,
  ConfidenceForm,
  confidenceHistory,
  latestConfidence,
  mayRate,
  rateConfidence,
} from './delivery-confidence.service.ts'
import { itemKinds } from './kpi.vocabulary.ts'
import { itemColumns, measurementColumns, progressOpenData, progressWorkbook } from './progress-export.ts'
import { statuses } from './progress-status.ts'
import {
  EVIDENCE_MAX_BYTES,
  MeasurementForm,
  mayRecord,
  OverrideForm,
  overrideStatus,
  PathForm,
  pathProblems,
  policyData,
  recordMeasurement,
  setPath,
  trackedItem,
  trackedItems,
} from './progress.service.ts'
import { ProgressItemPage, ProgressPage } from './views/progress.tsx'
import { PolicyLogPage } from './views/policy-log.tsx'
import { addLogEntry, LogForm, logProblems, policyLogOf } from './policy-log.service.ts'
import { fiscalYearsTo, FundingForm, mayRecordFunding, recordFunding, rowFundingOf } from './row-funding.service.ts'
import { ReportPage, ReportsPage } from './views/progress-report.tsx'
import { publishedReport, publishedReports, publishReport, reportData, reportHtml } from './progress-report.service.ts'
import { HttpError } from '../../platform/errors.ts'
import { endedPeriods } from './reporting-periods.ts'
import { settleDataCalls } from './data-calls.service.ts'

const blank = (v: unknown) => (v === '' ? undefined : v)
const ProgressQuery = z.object({
  pillar: z.preprocess(blank, z.coerce.number().int().min(1).max(6).optional()),
  status: z.preprocess(blank, z.enum(statuses).optional()),
  lead: z.preprocess(blank, z.string().max(200).optional()),
  year: z.preprocess(blank, z.coerce.number().int().min(2025).max(2035).optional()),
})
const PeriodParams = z.object({ period: z.string().regex(/^20\d\d-H[12]$/) })
// Every kind of item has a page: the key's prefix is its kind.
const KeyParams = z.object({ key: z.string().regex(new RegExp(`^(${itemKinds.join('|')}):[a-z0-9.-]+$`)) })

/** The public progress tracker of the policy, and the forms that feed it. */
export async function progressRoutes(app: FastifyInstance, deps: Deps, indicators: readonly Indicator[]) {
  const tracker = { db: deps.db, clock: deps.clock, indicators }
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.get(
    '/progress',
    { config: { access: 'public', keptPage: true }, schema: { querystring: ProgressQuery } },
    async (req, reply) => {
      const [items, pillars, confidence, log] = await Promise.all([
        trackedItems(tracker),
        listPillars(deps.db),
        latestConfidence(deps.db),
        policyLogOf(deps.db),
      ])
      return sendPage(
        reply,
        <ProgressPage
          ctx={pageContext(req)}
          items={items}
          pillars={pillars}
          confidence={confidence}
          decisions={log.decisions}
          data={policyData()}
          filter={req.query}
        />,
      )
    },
  )

  r.get('/progress/export.json', { config: { access: 'public' } }, async (_req, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="mizan-progress-${pakistanToday(deps.clock)}.json"`)
      .send(JSON.stringify(await progressOpenData(tracker))),
  )

  r.get(
    '/progress/export.csv',
    { config: { access: 'public' }, schema: { querystring: z.object({ table: z.enum(['items', 'figures']).default('items') }) } },
    async (req, reply) => {
      const data = await progressOpenData(tracker)
      // A byte-order mark so spreadsheet programs read Urdu as UTF-8; formulas escaped so no cell runs as one.
      const csv =
        req.query.table === 'items'
          ? stringify(data.items, { header: true, columns: [...itemColumns], bom: true, escape_formulas: true })
          : stringify(data.measurements, { header: true, columns: [...measurementColumns], bom: true, escape_formulas: true })
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="mizan-progress-${req.query.table}-${pakistanToday(deps.clock)}.csv"`,
        )
        .send(csv)
    },
  )

  r.get('/progress/export.xlsx', { config: { access: 'public' } }, async (_req, reply) =>
    reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="mizan-progress-${pakistanToday(deps.clock)}.xlsx"`)
      .send(await progressWorkbook(await progressOpenData(tracker))),
  )

  async function itemPage(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    values: Record<string, unknown> = {},
    errors: FieldErrors = {},
    status = 200,
  ) {
    const [tracked, pillars, ratings, log, money] = await Promise.all([
      trackedItem(tracker, key),
      listPillars(deps.db),
      confidenceHistory(deps.db, key),
      policyLogOf(deps.db),
      rowFundingOf(deps.db, key),
    ])
    const corrected = new Set(tracked.measurements.map((m) => m.corrects))
    const points = tracked.measurements.filter((m) => !corrected.has(m.id)).map((m) => ({ label: m.measuredOn, value: m.value }))
    const chart = points.length
      ? await barChart({
          locale: req.locale,
          values: points,
          xTitle: req.t('progress.fields.measuredOn'),
          yTitle: req.t('progress.fields.value'),
        })
      : ''
    return sendPage(
      reply,
      <ProgressItemPage
        ctx={pageContext(req)}
        pillars={pillars}
        confidence={{ ratings, mayRate: mayRate(req.actor, tracked.item) }}
        log={log.all.filter((e) => e.itemKey === key)}
        funding={{ money, mayRecord: mayRecordFunding(req.actor, tracked.item), years: fiscalYearsTo(deps.clock) }}
        csrf={reply.generateCsrf()}
        tracked={tracked}
        data={policyData()}
        mayRecord={mayRecord(req.actor, tracked.item)}
        chart={chart}
        values={values}
        errors={errors}
      />,
      status,
    )
  }

  r.get('/progress/items/:key', { config: { access: 'public' }, schema: { params: KeyParams } }, async (req, reply) =>
    itemPage(req, reply, req.params.key),
  )

  r.post('/progress/items/:key', { config: { access: 'progress.record' }, schema: { params: KeyParams } }, async (req, reply) => {
    const form = req.isMultipart()
      ? await readMultipartForm(req, { fileSize: EVIDENCE_MAX_BYTES, files: 1 })
      : { fields: (req.body ?? {}) as Record<string, unknown>, files: [], tooLarge: false }
    const parsed = parseForm(MeasurementForm, form.fields)
    if (!parsed.ok || form.tooLarge)
      return itemPage(
        req,
        reply,
        req.params.key,
        form.fields,
        { ...(parsed.ok ? {} : parsed.errors), ...(form.tooLarge ? { evidenceFile: 'progress.errors.fileSize' } : {}) },
        400,
      )
    try {
      await recordMeasurement(deps, req.actor!, req.params.key, parsed.data, form.files[0])
      await settleDataCalls(tracker)
    } catch (e) {
      if (e instanceof FileRefused)
        return itemPage(
          req,
          reply,
          req.params.key,
          form.fields,
          { evidenceFile: e.statusCode === 413 ? 'progress.errors.fileSize' : 'progress.errors.fileType' },
          400,
        )
      throw e
    }
    return reply.redirect(pageContext(req).href(`/progress/items/${encodeURIComponent(req.params.key)}`), 303)
  })

  r.post(
    '/progress/items/:key/status',
    { config: { access: 'progress.override' }, schema: { params: KeyParams } },
    async (req, reply) => {
      const parsed = parseForm(OverrideForm, req.body)
      const values = (req.body ?? {}) as Record<string, unknown>
      if (!parsed.ok) return itemPage(req, reply, req.params.key, values, parsed.errors, 400)
      await overrideStatus(deps, req.actor!, req.params.key, parsed.data)
      return reply.redirect(pageContext(req).href(`/progress/items/${encodeURIComponent(req.params.key)}`), 303)
    },
  )

  r.post(
    '/progress/items/:key/path',
    { config: { access: 'progress.override' }, schema: { params: KeyParams } },
    async (req, reply) => {
      const values = (req.body ?? {}) as Record<string, unknown>
      const parsed = parseForm(PathForm, req.body)
      if (!parsed.ok) return itemPage(req, reply, req.params.key, values, parsed.errors, 400)
      const item = (await trackedItem(tracker, req.params.key)).item
      const problems = pathProblems(item, parsed.data, pakistanToday(deps.clock))
      if (Object.keys(problems).length) return itemPage(req, reply, req.params.key, values, problems, 400)
      await setPath(deps, req.actor!, req.params.key, parsed.data)
      return reply.redirect(pageContext(req).href(`/progress/items/${encodeURIComponent(req.params.key)}`), 303)
    },
  )

  r.post(
    '/progress/items/:key/funding',
    { config: { access: 'progress.record' }, schema: { params: KeyParams } },
    async (req, reply) => {
      const values = (req.body ?? {}) as Record<string, unknown>
      const parsed = parseForm(FundingForm, req.body)
      if (!parsed.ok) return itemPage(req, reply, req.params.key, values, parsed.errors, 400)
      if (!fiscalYearsTo(deps.clock).includes(parsed.data.fiscalYear))
        return itemPage(req, reply, req.params.key, values, { fiscalYear: 'progress.errors.fiscalYear' }, 400)
      await recordFunding(deps, req.actor!, req.params.key, parsed.data)
      return reply.redirect(pageContext(req).href(`/progress/items/${encodeURIComponent(req.params.key)}#money`), 303)
    },
  )

  r.post(
    '/progress/items/:key/confidence',
    { config: { access: 'progress.confidence' }, schema: { params: KeyParams } },
    async (req, reply) => {
      const parsed = parseForm(ConfidenceForm, req.body)
      if (!parsed.ok) return itemPage(req, reply, req.params.key, (req.body ?? {}) as Record<string, unknown>, parsed.errors, 400)
      await rateConfidence(deps, req.actor!, req.params.key, parsed.data)
      await settleDataCalls(tracker)
      return reply.redirect(pageContext(req).href(`/progress/items/${encodeURIComponent(req.params.key)}#confidence`), 303)
    },
  )

  r.post(
    '/progress/items/:key/confidence/:rating/challenge',
    { config: { access: 'progress.override' }, schema: { params: KeyParams.extend({ rating: z.uuid() }) } },
    async (req, reply) => {
      const parsed = parseForm(ChallengeForm, req.body)
      if (!parsed.ok) return itemPage(req, reply, req.params.key, (req.body ?? {}) as Record<string, unknown>, parsed.errors, 400)
      await challengeRating(deps, req.actor!, req.params.key, req.params.rating, parsed.data.comment)
      return reply.redirect(pageContext(req).href(`/progress/items/${encodeURIComponent(req.params.key)}#confidence`), 303)
    },
  )

  /** The log's page, with its form (and what was typed, with its problems, when it comes back). */
  async function logPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors: FieldErrors = {},
  ) {
    const [log, items] = await Promise.all([policyLogOf(deps.db), trackedItems(tracker)])
    const choices = items
      .filter((i) => i.item.kind === 'action' || i.item.kind === 'target')
      .map((i) => {
        const d = i.item.definition as {
          number?: number
          clause?: string
          target?: string
          en?: string
          titleUr?: string
          ur?: string
        }
        const title = req.locale === 'ur' ? (d.titleUr ?? d.ur) : (d.target ?? d.en)
        const label =
          i.item.kind === 'action'
            ? `${req.t('progress.matrixRowShort', { number: d.number })}: ${title}`
            : `${clauseRef(req.locale, d.clause!)}: ${title}`
        return { key: i.item.key, label }
      })
    return sendPage(
      reply,
      <PolicyLogPage
        ctx={pageContext(req)}
        csrf={reply.generateCsrf()}
        data={policyData()}
        log={log}
        items={choices}
        values={values}
        errors={errors}
      />,
      Object.keys(errors).length ? 400 : 200,
    )
  }

  r.get('/progress/log', { config: { access: 'public' } }, (req, reply) => logPage(req, reply))

  r.post('/progress/log', { config: { access: 'progress.override' } }, async (req, reply) => {
    const values = (req.body ?? {}) as Record<string, unknown>
    const parsed = parseForm(LogForm, req.body)
    if (!parsed.ok) return logPage(req, reply, values, parsed.errors)
    const problems = await logProblems(deps.db, policyData(), parsed.data, pakistanToday(deps.clock))
    if (Object.keys(problems).length) return logPage(req, reply, values, problems)
    await addLogEntry(deps, req.actor!, policyData(), parsed.data)
    return reply.redirect(pageContext(req).href('/progress/log'), 303)
  })

  r.get('/progress/reports', { config: { access: 'public' } }, async (req, reply) =>
    sendPage(
      reply,
      <ReportsPage ctx={pageContext(req)} reports={await publishedReports(deps.db)} ended={endedPeriods(deps.clock)} />,
    ),
  )

  r.get('/progress/reports/:period', { config: { access: 'public' }, schema: { params: PeriodParams } }, async (req, reply) => {
    const ctx = pageContext(req)
    const published = await publishedReport(deps.db, req.params.period)
    if (published)
      return sendPage(
        reply,
        <ReportPage
          ctx={ctx}
          csrf=""
          period={req.params.period}
          html={req.locale === 'ur' ? published.htmlUr : published.htmlEn}
          published={published}
        />,
      )
    // Before publication, only analysts see a report, as a preview made afresh each time.
    if (!ctx.can('progress.report') || !endedPeriods(deps.clock).includes(req.params.period)) throw new HttpError(404, '404')
    const html = await reportHtml(await reportData(tracker, req.params.period), req.locale, app.assets)
    return sendPage(
      reply,
      <ReportPage ctx={ctx} csrf={reply.generateCsrf()} period={req.params.period} html={html} published={undefined} />,
    )
  })

  r.post(
    '/progress/reports/:period/publish',
    { config: { access: 'progress.report' }, schema: { params: PeriodParams } },
    async (req, reply) => {
      await publishReport(deps, tracker, req.actor!, req.params.period, app.assets)
      return reply.redirect(pageContext(req).href(`/progress/reports/${req.params.period}`), 303)
    },
  )
}
