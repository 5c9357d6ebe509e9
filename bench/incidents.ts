import autocannon from 'autocannon'
import { buildApp } from '../src/app.ts'
import type { Engine } from '../src/db/engine.ts'
import { testConfig } from '../src/test-support/app.ts'

const SEARCH = '/register?q=health'
const CONNECTIONS = 10

type Run = { rps: number; p99: number; ok: number; refused: number }
const run = async (opts: autocannon.Options): Promise<Run> => {
  const r = await autocannon(opts)
  if (r.errors > 0) throw new Error(`${opts.url}: ${r.errors} errors`)
  return { rps: r.requests.average, p99: r.latency.p99, ok: r['2xx'], refused: r.non2xx }
}

/**
 * Does a flood of incident reports slow the register? The register's search page under load, alone and while reports
 * pour in from many addresses with different words (so no limit stops them), on the same engine and process; then
 * the same flood from one address, which the rate limits bound.
 */
export async function benchReportFlood(engine: Engine, opts: { seconds: number }) {
  // Behind a proxy, as in production, so the flood can come from many addresses.
  const app = await buildApp({ config: testConfig({ MIZAN_TRUST_PROXY: 'true' }), engine, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  const form = await fetch(`${base}/report`)
  const csrf = decodeURIComponent(/_csrf=([^"&]+)"/.exec(await form.text())![1]!)
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const flood = (manyAddresses: boolean) => {
    let n = 0
    return run({
      url: `${base}/report`,
      connections: CONNECTIONS,
      duration: opts.seconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            n++
            const body = new URLSearchParams({
              _csrf: csrf,
              narrative: `Flood report number ${n} about a refused application`,
              harmKinds: 'wrongful_denial',
              severity: 'minor',
            })
            const from = manyAddresses ? `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` : '10.0.0.1'
            return {
              ...req,
              headers: { ...req.headers, cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
              body: body.toString(),
            }
          },
        },
      ],
    })
  }
  const search = () => run({ url: `${base}${SEARCH}`, connections: CONNECTIONS, duration: opts.seconds })

  const alone = await search()
  const [during, reports] = await Promise.all([search(), flood(true)])
  const bounded = await flood(false)
  const line = (what: string, value: string) => console.log(`${what.padEnd(52)} ${value}`)
  console.log(
    `\n[${engine.kind}] a flood of incident reports (${CONNECTIONS} connections) against register search (${CONNECTIONS} connections)`,
  )
  line(`search ${SEARCH}, alone`, `${Math.round(alone.rps)} req/s  (p99 ${alone.p99} ms)`)
  line(
    'the same search during the flood',
    `${Math.round(during.rps)} req/s  (p99 ${during.p99} ms)  ratio ${(during.rps / alone.rps).toFixed(2)}`,
  )
  line(
    'reports stored during the flood, many addresses',
    `${Math.round(reports.ok / opts.seconds)} a second (${reports.refused} refused)`,
  )
  line('the same flood from one address', `${bounded.ok} stored, ${bounded.refused} refused by the rate limit`)
  await app.close()
}
