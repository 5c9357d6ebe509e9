import type { FastifyServerOptions } from 'fastify'

/** Query parameters whose values are secrets: invitation and reset tokens, tracking codes. */
const SECRET_PARAMS = /^(token|code|_csrf|key|password|secret)$/i

/** Removes secret values from a URL's query before it reaches a log. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  for (const name of [...params.keys()]) if (SECRET_PARAMS.test(name)) params.set(name, '[redacted]')
  return `${url.slice(0, q)}?${params.toString()}`
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

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; originalUrl?: string; ip?: string; hostname?: string }) => ({
        method: req.method,
        url: redactUrl(req.originalUrl ?? req.url),
        host: req.hostname,
        remoteAddress: req.ip,
      }),
    },
  }
}
