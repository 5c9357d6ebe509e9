import { z } from 'zod'
import { actorRef } from '../../platform/audit-log.ts'
import type { Db } from '../../db/engine.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { publishedText, requiredPublishedText } from '../../platform/personal-data.ts'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import { pakistanToday } from '../../platform/work-queue.ts'
import * as repo from './kpi.repository.ts'
import type { ItemRow } from './kpi.repository.ts'
import { confidenceRatings } from './kpi.vocabulary.ts'
import { ratingPeriod } from './open-calls.ts'

export const ConfidenceForm = z.object({
  rating: z.enum(confidenceRatings, { error: 'progress.errors.rating' }),
  narrative: requiredPublishedText(2000, 'progress.errors.narrative'),
  risks: publishedText(2000),
  helpNeeded: publishedText(2000),
})
export type ConfidenceInput = z.output<typeof ConfidenceForm>

export const ChallengeForm = z.object({ comment: requiredPublishedText(2000, 'progress.errors.challenge') })

/** Whether the actor rates this row: an accountable officer of one of its lead bodies. */
export const mayRate = (actor: UserActor | null, item: ItemRow) =>
  item.kind === 'action' &&
  scopeOf(actor, 'progress.confidence') === 'own_org' &&
  actor!.organisationId !== null &&
  item.stakeholders.includes(actor!.organisationId)

/** A lead body's accountable officer rates a row's delivery confidence for the current period. */
export async function rateConfidence(deps: Deps, actor: UserActor, key: string, input: ConfidenceInput): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const item = await repo.findItem(tx, key)
    if (!item) throw new HttpError(404, '404')
    if (!mayRate(actor, item)) throw new HttpError(403, '403')
    const [saved] = await repo.insertRating(tx, {
      itemKey: key,
      period: await ratingPeriod(tx, pakistanToday(deps.clock)),
      rating: input.rating,
      narrative: input.narrative,
      risks: input.risks ?? null,
      helpNeeded: input.helpNeeded ?? null,
      ratedAt: deps.clock.now(),
      ratedBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.confidence_rated',
      subject: { type: 'policy_item', id: key },
      changes: { ratingId: saved!.id, rating: input.rating },
    })
  })
}

/** The Policy Implementation Cell challenges a rating: its question stays beside the rating. */
export async function challengeRating(deps: Deps, actor: UserActor, key: string, ratingId: string, comment: string) {
  if (scopeOf(actor, 'progress.override') !== 'all') throw new HttpError(403, '403')
  await deps.db.transaction(async (tx) => {
    const rating = await repo.findRating(tx, ratingId)
    if (!rating || rating.itemKey !== key) throw new HttpError(404, '404')
    await repo.insertChallenge(tx, { ratingId, comment, at: deps.clock.now(), by: actor.id })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'progress.confidence_challenged',
      subject: { type: 'policy_item', id: key },
      changes: { ratingId },
    })
  })
}

/** A row's ratings, newest first, each with the officer who gave it and the Cell's challenges of it. */
export async function confidenceHistory(db: Db, key: string) {
  const ratings = await repo.ratingsOf(db, key)
  const challenges = await repo.challengesOf(
    db,
    ratings.map((r) => r.id),
  )
  return ratings.map((r) => ({ ...r, challenges: challenges.filter((c) => c.ratingId === r.id) }))
}
export type ConfidenceHistory = Awaited<ReturnType<typeof confidenceHistory>>

/** Each rated row's newest rating, for the list beside the computed status. */
export const latestConfidence = async (db: Db) => new Map((await repo.latestRatings(db)).map((r) => [r.itemKey, r.rating]))
