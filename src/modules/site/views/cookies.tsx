import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'

export function CookiesPage({ ctx, csrfCookie }: { ctx: PageContext; csrfCookie: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('pages.cookies.title')}>
      <h1>{t('pages.cookies.title')}</h1>
      <p class="lead">{t('pages.cookies.lead')}</p>
      <div class="table-wrap">
        <table>
          <caption>{t('pages.cookies.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages.cookies.name')}</th>
              <th scope="col">{t('pages.cookies.purpose')}</th>
              <th scope="col">{t('pages.cookies.expires')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>
                <code dir="ltr">{csrfCookie}</code>
              </td>
              <td>{t('pages.cookies.csrfPurpose')}</td>
              <td>{t('pages.cookies.whenBrowserCloses')}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>{t('pages.cookies.noOthers')}</p>
    </Layout>
  )
}
