// What every part of the bench measures with: load runs that fail loudly on any error, and the middle of timings.
import autocannon from 'autocannon'

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
export const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!

/** Requests a second and the 99th-percentile latency of a load run; a run with any error or non-2xx answer throws. */
export async function rps(url: string, connections: number, seconds: number) {
  const r = await autocannon({ url, connections, duration: seconds })
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`)
  return { rps: r.requests.average, p99: r.latency.p99 }
}
