import { createHmac } from 'node:crypto'
import { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import pino, { type DestinationStream } from 'pino'
import { networkOf } from './network.ts'

/** Query parameters whose values are secrets: invitation and reset tokens, tracking codes. */
const SECRET_PARAMS = /^(token|code|_csrf|key|password|secret)$/i
/** Parameters people type words into: what they search for can be anything, a CNIC or a name included. */
const FREE_TEXT_PARAMS = /^(q|query|search|systemText)$/i
/** A value with five digits in a row (any script's digits) or an @ may be a number or address someone typed. */
const LOOKS_PERSONAL = /\p{Nd}{5}|@/u

/** What a typed value was like, without what it said: its length and number of words. */
export const shapeOf = (value: string) => `[${[...value].length} characters, ${value.split(/\s+/).filter(Boolean).length} words]`

/** Removes secrets and typed text from a URL's query before it reaches a log; filters and page numbers stay. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  for (const [name, value] of [...params]) {
    if (SECRET_PARAMS.test(name)) params.set(name, '[redacted]')
    else if (FREE_TEXT_PARAMS.test(name) || LOOKS_PERSONAL.test(value)) params.set(name, shapeOf(value))
  }
  return `${url.slice(0, q)}?${params.toString()}`
}

/**
 * How a client's address appears in the log: `hashed`, a keyed hash of its network (IPv4 address or IPv6 /64)
 * that lets an operator see that requests came from one place without learning which; or `none`.
 */
export type ClientAddressLogging = 'hashed' | 'none'

export function clientAddressFor(mode: ClientAddressLogging, key: string) {
  return (ip: string | undefined): string | undefined =>
    mode === 'none' || !ip
      ? undefined
      : `net-${createHmac('sha256', key)
          .update(`log\n${networkOf(ip)}`)
          .digest('hex')
          .slice(0, 16)}`
}

/** Paths pino blanks in any logged object, wherever a careless log call put them. */
export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.code',
  '*.trackingCode',
  '*.token',
  '*.totp',
  '*._csrf',
  '*.email',
  '*.phone',
]

export type LogSettings = { level: string; clientAddress: ClientAddressLogging; key: string }

export function loggerOptions(settings: LogSettings, stream?: DestinationStream): FastifyServerOptions['logger'] {
  const address = clientAddressFor(settings.clientAddress, settings.key)
  return {
    level: settings.level,
    ...(stream ? { stream } : {}),
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; originalUrl?: string; ip?: string; hostname?: string }) => ({
        method: req.method,
        url: redactUrl(req.originalUrl ?? req.url),
        host: req.hostname,
        client: address(req.ip),
      }),
    },
  }
}

/**
 * One log line per request, when it is answered, instead of Fastify's two (one on arrival, one on answer): the line
 * carries the request (shaped as above), the status and the time taken. Everything else Fastify logs stays.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return
    const line = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request completed')
  }
}

/**
 * Production's log: JSON lines to standard output (or another open file), written asynchronously (a synchronous
 * write per request took 8% of a busy page's time). Lines wait only while a write is under way; `endLog` writes what
 * waits before the process ends, which the server does on every way out it can catch.
 */
export const asynchronousLog = (fd = 1) => pino.destination({ dest: fd, sync: false })

/** Resolves once every line the log was given is written (a write under way included); nothing may be logged after. */
export const endLog = (log: ReturnType<typeof asynchronousLog>) =>
  new Promise<void>((resolve) => {
    log.once('close', () => resolve())
    log.end()
  })

type Line = { msg?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number }; responseTime?: number }

/**
 * For a person at a terminal in development: each line readable, a request as "GET /ur/register 200 12 ms". Production
 * logs stay JSON for the machines that read them. pino-pretty is a development dependency, loaded only here.
 */
export async function readableLog(): Promise<NodeJS.WritableStream | undefined> {
  // Installed without development dependencies, development logs fall back to JSON rather than fail to start.
  const loaded = await import('pino-pretty').catch(() => undefined)
  if (!loaded) return undefined
  const pretty = loaded.default
  return pretty({
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    messageFormat: (log: Line, key: string) =>
      log.req?.method
        ? `${log.req.method} ${log.req.url} ${log.res?.statusCode} ${log.responseTime} ms`
        : String(log[key as 'msg'] ?? ''),
  })
}
