import { InReaderLanguage } from '../../platform/localised.tsx'
import type { Panel } from '../../platform/panels.ts'
import { publishedSystem, systemSummary } from '../register/register.service.ts'
import { publishedAssessment } from './assessments.service.ts'
import { obligationsOf, openDuties } from './obligations.service.ts'
import { DutiesList, DutiesTable } from './views/obligations.tsx'

/** On a system's public page, the framework and version whose assessment gave the published level. */
export const frameworkPanel: Panel = {
  id: 'assessments.framework',
  on: 'register.system',
  order: 5,
  access: 'public',
  async load(deps, systemId, ctx) {
    const summary = await systemSummary(deps.db, systemId)
    const system = summary?.published ? await publishedSystem(deps.db, summary.number) : undefined
    const shown = system?.assessmentId ? await publishedAssessment(deps.db, system.assessmentId) : undefined
    if (!system || !shown) return null
    const { t } = ctx
    return (
      <section aria-labelledby="framework-heading">
        <h2 id="framework-heading">{t('assessments.panel.assessedUnder')}</h2>
        <p>
          <InReaderLanguage ctx={ctx} text={shown.questionnaire.title} />
          {`${t('assessments.versionAfterTitle', { version: shown.version })}: `}
          {t(`register.options.impactLevel.${shown.assessment.result!.level}`)}.{' '}
          <a href={ctx.href(`/register/${system.number}/assessment`)}>{t('register.record.howAssessed')}</a>
        </p>
      </section>
    )
  },
}

/** A system's duties under its impact level, on its public register page. */
export const dutiesPanel: Panel = {
  id: 'assessments.duties',
  on: 'register.system',
  order: 10,
  access: 'public',
  load: async (deps, systemId, ctx) => (
    <DutiesList ctx={ctx} duties={await obligationsOf(deps.db, deps.clock, systemId)} published />
  ),
}

/** The duties of an organisation's systems that are open, on its own list of systems. */
export const openDutiesPanel: Panel = {
  id: 'assessments.open-duties',
  on: 'register.organisation-dashboard',
  order: 10,
  access: 'register.draft',
  async load(deps, organisationId, ctx) {
    const due = await openDuties(deps.db, deps.clock, organisationId)
    return due.length ? (
      <DutiesTable ctx={ctx} rows={due} caption={ctx.t('obligations.dashboard.ours', { count: due.length })} />
    ) : null
  },
}
