import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { DataTable } from '../../../platform/data-table.tsx'

export function CookiesPage({ ctx, csrfCookie }: { ctx: PageContext; csrfCookie: string }) {
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
      </DataTable>
      <p>{t('pages.cookies.noOthers')}</p>
    </Layout>
  )
}
