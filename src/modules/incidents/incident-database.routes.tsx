import { stringify } from 'csv-stringify/sync'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { barChart } from '../../platform/charts.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { pageContext, sendPage } from '../../platform/page.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import { bodiesInRegister } from '../register/register.service.ts'
import {
  allIncidents,
  IncidentOut,
  IncidentQuery,
  incidentOut,
  monthlyCounts,
  publicIncident,
  searchIncidents,
} from './incident-database.service.ts'
import { IncidentPage, IncidentsPage, openDataFields } from './views/incident-database.tsx'
import { NumberParams } from '../../platform/forms.tsx'

/** The public incident database: search, a chart over time, each incident's page, and open data. */
export async function incidentDatabaseRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const published = async (db: Deps['db'], query: IncidentQuery) =>
    (await allIncidents(db, query)).map((i) => incidentOut(i, deps.config.publicUrl))

  r.get('/incidents', { config: { access: 'public' }, schema: { querystring: IncidentQuery } }, async (req, reply) => {
    const query = req.query
    const db = req.reads
    const [found, months, bodies] = await Promise.all([
      searchIncidents(db, query),
      monthlyCounts(db, query),
      bodiesInRegister(db),
    ])
    const chart = months.length
      ? await barChart({
          locale: req.locale,
          values: months.map((m) => ({ label: m.month, value: m.count })),
          xTitle: req.t('incidents.public.month'),
          yTitle: req.t('incidents.public.count'),
        })
      : ''
    return sendPage(
      reply,
      <IncidentsPage
        ctx={pageContext(req)}
        query={query}
        rows={found.rows}
        total={found.total}
        more={found.more}
        months={months}
        chart={chart}
        bodies={bodies}
      />,
    )
  })

  r.get('/incidents/export.csv', { config: { access: 'public' }, schema: { querystring: IncidentQuery } }, async (req, reply) => {
    const rows = (await published(req.reads, req.query)).map((out) => ({ ...out, harmKinds: out.harmKinds.join(';') }))
    // A byte-order mark so that spreadsheet programs read Urdu as UTF-8; formulas are escaped so no cell runs as one.
    const csv = stringify(rows, { header: true, columns: [...openDataFields], bom: true, escape_formulas: true })
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="mizan-incidents-${pakistanToday(deps.clock)}.csv"`)
      .send(csv)
  })

  r.get(
    '/api/v1/incidents',
    {
      config: { access: 'public' },
      schema: {
        tags: ['AI incident database'],
        summary: 'List published incidents',
        description: 'Every published incident matching the filters, oldest first. Reports and reporters are never included.',
        querystring: IncidentQuery,
        response: { 200: z.array(IncidentOut) },
      },
    },
    async (req) => published(req.reads, req.query),
  )

  r.get('/incidents/export.json', { config: { access: 'public' }, schema: { querystring: IncidentQuery } }, async (req, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="mizan-incidents-${pakistanToday(deps.clock)}.json"`)
      .send(JSON.stringify(await published(req.reads, req.query))),
  )

  r.get('/incidents/:number', { config: { access: 'public' }, schema: { params: NumberParams } }, async (req, reply) => {
    const data = await publicIncident(req.reads, req.params.number)
    if (!data) throw new HttpError(404, '404')
    return sendPage(reply, <IncidentPage ctx={pageContext(req)} data={data} />)
  })
}
