import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { DataTable } from '../../../platform/data-table.tsx'

/** The cookies a visitor may be given: the forms' own, and where public pages read a replica, the mark of a write. */
export function CookiesPage({
  ctx,
  csrfCookie,
  wrote,
}: {
  ctx: PageContext
  csrfCookie: string
  wrote?: { cookie: string; seconds: number } | undefined
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('pages.cookies.title')}>
      <h1>{t('pages.cookies.title')}</h1>
      <p class="lead">{t('pages.cookies.lead')}</p>
      <DataTable
        caption={t('pages.cookies.tableCaption')}
        columns={[t('pages.cookies.name'), t('pages.cookies.purpose'), t('pages.cookies.expires')]}
      >
        <tr>
          <td>
            <code dir="ltr">{csrfCookie}</code>
          </td>
          <td>{t('pages.cookies.csrfPurpose')}</td>
          <td>{t('pages.cookies.whenBrowserCloses')}</td>
        </tr>
        {wrote && (
          <tr>
            <td>
              <code dir="ltr">{wrote.cookie}</code>
            </td>
            <td>{t('pages.cookies.wrotePurpose')}</td>
            <td>{t('pages.cookies.afterSeconds', { seconds: wrote.seconds })}</td>
          </tr>
        )}
      </DataTable>
      <p>{t('pages.cookies.noOthers')}</p>
    </Layout>
  )
}
