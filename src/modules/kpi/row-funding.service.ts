import { z } from 'zod'
import { actorRef } from '../../platform/audit-log.ts'
import type { Db } from '../../db/engine.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { blankToUndefined } from '../../platform/forms.tsx'
import { paisaOf } from '../../platform/numbers.ts'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import { SourceFields } from './progress.service.ts'
import * as repo from './kpi.repository.ts'
import type { ItemRow } from './kpi.repository.ts'

/** Pakistan's fiscal year, 1 July to 30 June, as its budget documents name it: 1 July 2025 is in `2025-26`. */
export function fiscalYearOf(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4))
  const start = Number(isoDate.slice(5, 7)) >= 7 ? year : year - 1
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`
}

/** The fiscal years a figure may be recorded for: every one since the policy began, to the current one. */
export function fiscalYearsTo(clock: Clock): string[] {
  const last = Number(fiscalYearOf(pakistanToday(clock)).slice(0, 4))
  return Array.from({ length: last - 2024 + 1 }, (_, i) => fiscalYearOf(`${last - i}-07-01`))
}

const amount = (error: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ error })
      .max(40, { error })
      .transform((typed, ctx) => paisaOf(typed) ?? (ctx.addIssue({ code: 'custom', message: error }), z.NEVER)),
  )

export const FundingForm = z
  .object({
    fiscalYear: z.string({ error: 'progress.errors.fiscalYear' }).regex(/^20\d\d-\d\d$/, { error: 'progress.errors.fiscalYear' }),
    allocated: amount('progress.errors.amount'),
    released: amount('progress.errors.amount'),
    spent: amount('progress.errors.amount'),
    ...SourceFields,
  })
  .superRefine((f, ctx) => {
    // Money is released from what was allocated, and spent from what was released.
    if (f.released > f.allocated)
      ctx.addIssue({ code: 'custom', path: ['released'], message: 'progress.errors.releasedOverAllocated' })
    if (f.spent > f.released) ctx.addIssue({ code: 'custom', path: ['spent'], message: 'progress.errors.spentOverReleased' })
  })
export type FundingInput = z.output<typeof FundingForm>

/** Whether the actor records a row's money: analysts for every row, a lead body's people for its own. */
export function mayRecordFunding(actor: UserActor | null, item: ItemRow) {
  const scope = scopeOf(actor, 'progress.record')
  return (
    item.kind === 'action' &&
    (scope === 'all' ||
      (scope === 'own_org' && actor!.organisationId !== null && item.stakeholders.includes(actor!.organisationId)))
  )
}

export async function recordFunding(deps: Deps, actor: UserActor, key: string, input: FundingInput) {
  if (!fiscalYearsTo(deps.clock).includes(input.fiscalYear)) throw new HttpError(400, '400')
  await deps.db.transaction(async (tx) => {
    const item = await repo.findItem(tx, key)
    if (!item) throw new HttpError(404, '404')
    if (!mayRecordFunding(actor, item)) throw new HttpError(403, '403')
    await repo.insertFunding(tx, {
      itemKey: key,
      fiscalYear: input.fiscalYear,
      allocatedPaisa: input.allocated,
      releasedPaisa: input.released,
      spentPaisa: input.spent,
      source: input.source,
      evidenceUrl: input.evidenceUrl ?? null,
      recordedAt: deps.clock.now(),
      recordedBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.funding_recorded',
      subject: { type: 'policy_item', id: key },
      // In paisa, as text: JSON has no exact integer this large.
      changes: {
        fiscalYear: input.fiscalYear,
        allocatedPaisa: String(input.allocated),
        releasedPaisa: String(input.released),
        spentPaisa: String(input.spent),
      },
    })
  })
}

export type FundingYear = {
  fiscalYear: string
  allocated: bigint
  released: bigint
  spent: bigint
  source: string
  evidenceUrl: string | null
}

/** A row's money by fiscal year (the newest entry for each), newest year first, and the totals over the years. */
export async function rowFundingOf(db: Db, key: string) {
  const byYear = new Map<string, FundingYear>()
  for (const e of await repo.fundingOf(db, key))
    byYear.set(e.fiscalYear, {
      fiscalYear: e.fiscalYear,
      allocated: e.allocatedPaisa,
      released: e.releasedPaisa,
      spent: e.spentPaisa,
      source: e.source,
      evidenceUrl: e.evidenceUrl,
    })
  const years = [...byYear.values()].sort((a, b) => b.fiscalYear.localeCompare(a.fiscalYear))
  const sum = (f: (y: FundingYear) => bigint) => years.reduce((n, y) => n + f(y), 0n)
  return { years, total: { allocated: sum((y) => y.allocated), released: sum((y) => y.released), spent: sum((y) => y.spent) } }
}
export type RowFunding = Awaited<ReturnType<typeof rowFundingOf>>
