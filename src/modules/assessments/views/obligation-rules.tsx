import { DataTable } from '../../../platform/data-table.tsx'
import { CsrfField, ErrorSummary, TextField, type FieldErrors } from '../../../platform/forms.tsx'
import { Layout } from '../../../platform/layout.tsx'
import type { PageContext } from '../../../platform/page.ts'
import { obligationKinds, type ObligationRules } from '../obligation-rules.ts'
import { impactLevels } from '../questionnaire.ts'

/** Duties a level can bring; the duty to be assessed belongs to no level. */
export const levelKinds = obligationKinds.filter((k) => k !== 'assessment')
export const ruleField = (level: string, kind: string, part: 'on' | 'due' | 'every') => `${level}-${kind}-${part}`

/** The rules as form values, so that a refused form shows what was typed and a fresh one what is in force. */
export function ruleValues(rules: ObligationRules): Record<string, string> {
  const values: Record<string, string> = {
    reminderDays: rules.reminderDays.join(', '),
    unassessedDueInDays: String(rules.unassessedDueInDays),
  }
  for (const level of impactLevels) {
    for (const rule of rules.levels[level]) {
      values[ruleField(level, rule.kind, 'on')] = 'yes'
      values[ruleField(level, rule.kind, 'due')] = String(rule.dueInDays)
      if (rule.everyMonths) values[ruleField(level, rule.kind, 'every')] = String(rule.everyMonths)
    }
  }
  return values
}

export function ObligationRulesPage({
  ctx,
  csrf,
  values,
  errors,
  saved,
}: {
  ctx: PageContext
  csrf: string
  values: Record<string, unknown>
  errors: FieldErrors
  saved: boolean
}) {
  const { t } = ctx
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '')
  return (
    <Layout
      ctx={ctx}
      title={Object.keys(errors).length ? `${t('errors.title')}: ${t('obligations.rules.title')}` : t('obligations.rules.title')}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      {saved && (
        <div class="confirmation" role="status">
          <p>{t('obligations.rules.saved')}</p>
        </div>
      )}
      <h1>{t('obligations.rules.title')}</h1>
      <p class="lead">{t('obligations.rules.lead')}</p>
      <form method="post" action={ctx.href('/admin/obligation-rules')} novalidate>
        <CsrfField token={csrf} />
        <TextField
          ctx={ctx}
          values={values}
          errors={errors}
          name="reminderDays"
          label={t('obligations.rules.reminderDays')}
          hint={t('obligations.rules.reminderDaysHint')}
          maxLength={40}
        />
        <TextField
          ctx={ctx}
          values={values}
          errors={errors}
          name="unassessedDueInDays"
          label={t('obligations.rules.unassessed')}
          inputMode="numeric"
          maxLength={4}
        />
        {impactLevels.map((level) => (
          <DataTable
            key={level}
            caption={t(`register.options.impactLevel.${level}`)}
            columns={[
              t('obligations.dashboard.duty'),
              t('obligations.rules.applies'),
              t('obligations.rules.dueInDays'),
              t('obligations.rules.everyMonths'),
            ]}
          >
            {levelKinds.map((kind) => {
              const label = t(`obligations.kinds.${kind}`)
              return (
                <tr key={kind}>
                  <th scope="row">{label}</th>
                  <td>
                    <input
                      type="checkbox"
                      id={`f-${ruleField(level, kind, 'on')}`}
                      name={ruleField(level, kind, 'on')}
                      value="yes"
                      checked={values[ruleField(level, kind, 'on')] === 'yes'}
                      aria-label={`${t('obligations.rules.applies')}: ${label}`}
                    />
                  </td>
                  <td>
                    <input
                      type="text"
                      inputMode="numeric"
                      size={5}
                      maxLength={4}
                      id={`f-${ruleField(level, kind, 'due')}`}
                      name={ruleField(level, kind, 'due')}
                      value={text(ruleField(level, kind, 'due'))}
                      aria-label={`${t('obligations.rules.dueInDays')}: ${label}`}
                    />
                  </td>
                  <td>
                    <input
                      type="text"
                      inputMode="numeric"
                      size={3}
                      maxLength={2}
                      id={`f-${ruleField(level, kind, 'every')}`}
                      name={ruleField(level, kind, 'every')}
                      value={text(ruleField(level, kind, 'every'))}
                      aria-label={`${t('obligations.rules.everyMonths')}: ${label}`}
                    />
                  </td>
                </tr>
              )
            })}
          </DataTable>
        ))}
        <button type="submit" class="button">
          {t('obligations.rules.save')}
        </button>
      </form>
    </Layout>
  )
}
