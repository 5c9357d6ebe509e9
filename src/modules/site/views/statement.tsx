import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'

type Section = { heading: string; paragraphs: string[] }

/** A page of prose from the catalogue: the accessibility statement, the privacy notice. */
export function StatementPage({ ctx, page }: { ctx: PageContext; page: 'accessibility' | 'privacy' }) {
  const { t } = ctx
  const sections = t(`pages.${page}.sections`, { returnObjects: true }) as Section[]
  return (
    <Layout ctx={ctx} title={t(`pages.${page}.title`)}>
      <h1>{t(`pages.${page}.title`)}</h1>
      <p class="lead">{t(`pages.${page}.lead`)}</p>
      {sections.map((s) => (
        <section key={s.heading}>
          <h2>{s.heading}</h2>
          {s.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </section>
      ))}
    </Layout>
  )
}
