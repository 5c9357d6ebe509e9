import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'
import { DataTable } from './data-table.tsx'
import { Layout } from './layout.tsx'
import { pageContext, sendPage, type PageContext } from './page.ts'

type Schema = {
  type?: string | string[]
  description?: string
  enum?: unknown[]
  items?: Schema
  properties?: Record<string, Schema>
  required?: string[]
  anyOf?: Schema[]
  format?: string
}
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema }
type Operation = {
  summary?: string
  description?: string
  parameters?: Parameter[]
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>
}
type Document = {
  info: { title: string; version: string; description?: string }
  paths: Record<string, Record<string, Operation>>
}

/**
 * OpenAPI for every route tagged for the public API, generated from the same zod schemas that validate requests.
 * Registered before the routes it describes.
 */
export async function registerApiDocs(app: FastifyInstance, publicUrl: URL) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Mizan open data API',
        version: '1',
        description:
          "Pakistan's register of AI systems used by public bodies, and its database of AI incidents, as open data. No key is needed. Register responses carry ETag and Last-Modified headers.",
      },
      servers: [{ url: publicUrl.origin }],
    },
    hideUntagged: true,
    transform: jsonSchemaTransform,
  })
}

const typeOf = (s: Schema | undefined): string => {
  if (!s) return ''
  if (s.anyOf) return s.anyOf.map(typeOf).join(' | ')
  if (s.enum) return s.enum.map(String).join(' | ')
  if (s.type === 'array') return `${typeOf(s.items)}[]`
  return [s.type ?? ''].flat().join(' | ') + (s.format ? ` (${s.format})` : '')
}

/** Every property of a response, nested objects flattened to dotted names. */
function propertiesOf(schema: Schema | undefined, prefix = ''): { name: string; schema: Schema; required: boolean }[] {
  if (!schema?.properties) return []
  return Object.entries(schema.properties).flatMap(([name, s]) => {
    const full = prefix ? `${prefix}.${name}` : name
    const row = { name: full, schema: s, required: schema.required?.includes(name) ?? false }
    return s.type === 'object' && s.properties ? [row, ...propertiesOf(s, full)] : [row]
  })
}

function OperationDoc({ ctx, method, path, op }: { ctx: PageContext; method: string; path: string; op: Operation }) {
  const { t } = ctx
  const response = op.responses?.['200']?.content?.['application/json']?.schema
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-')
  return (
    <section aria-labelledby={id} class="api-operation">
      <h2 id={id}>
        <code dir="ltr">{`${method.toUpperCase()} ${path}`}</code>
      </h2>
      <p lang="en">{op.summary}</p>
      {op.description && <p lang="en">{op.description}</p>}
      {op.parameters?.length ? (
        <DataTable
          caption={t('apiDocs.parameters')}
          columns={[t('apiDocs.name'), t('apiDocs.in'), t('apiDocs.type'), t('apiDocs.description')]}
        >
          {op.parameters.map((p) => (
            <tr key={p.name}>
              <td>
                <code dir="ltr">{p.name}</code>
                {p.required ? ` (${t('apiDocs.required')})` : ''}
              </td>
              <td>{p.in}</td>
              <td dir="ltr">{typeOf(p.schema)}</td>
              <td lang="en">{p.description ?? p.schema?.description ?? ''}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {response && (
        <DataTable caption={t('apiDocs.response')} columns={[t('apiDocs.name'), t('apiDocs.type'), t('apiDocs.description')]}>
          {propertiesOf(response).map((p) => (
            <tr key={p.name}>
              <td>
                <code dir="ltr">{p.name}</code>
              </td>
              <td dir="ltr">{typeOf(p.schema)}</td>
              <td lang="en">{p.schema.description ?? ''}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  )
}

export function apiDocsRoutes(app: FastifyInstance) {
  app.get('/api/openapi.json', { config: { access: 'public' } }, async () => app.swagger())
  app.get('/api/docs', { config: { access: 'public' } }, async (req, reply) => {
    const ctx = pageContext(req)
    const doc = app.swagger() as unknown as Document
    return sendPage(
      reply,
      <Layout ctx={ctx} title={ctx.t('apiDocs.title')}>
        <h1>{ctx.t('apiDocs.title')}</h1>
        <p class="lead">{ctx.t('apiDocs.lead')}</p>
        <ul>
          <li>
            <a href="/api/openapi.json" dir="ltr">
              {ctx.t('apiDocs.openapi')}
            </a>
          </li>
          <li>{ctx.t('apiDocs.noKey')}</li>
          <li>{ctx.t('apiDocs.caching')}</li>
        </ul>
        {Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.entries(methods).map(([method, op]) => (
            <OperationDoc key={`${method} ${path}`} ctx={ctx} method={method} path={path} op={op} />
          )),
        )}
      </Layout>,
    )
  })
}
