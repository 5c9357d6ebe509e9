import { z } from 'zod'
import { actorRef } from '../../platform/audit-log.ts'
import type { Db } from '../../db/engine.ts'
import type { Deps } from '../../platform/deps.ts'
import { HttpError } from '../../platform/errors.ts'
import { scopeOf, type UserActor } from '../../platform/rbac.ts'
import * as repo from './assessments.repository.ts'
import { issueQuestionnaire, mustFollowNewest, NATIONAL_KEY } from './assessments.service.ts'
import { impactLevels, score, type ImpactLevel, type Questionnaire } from './questionnaire.ts'
import { isChoice, type Answers } from '../../platform/questions.ts'
import * as drafts from './questionnaire-drafts.repository.ts'

const draftSubject = (id: string) => ({ type: 'questionnaire_draft', id })

function mustAuthor(actor: UserActor) {
  if (scopeOf(actor, 'assessments.questionnaires') !== 'all') throw new HttpError(403, '403')
}

/**
 * An author's uploaded definition becomes a draft: nothing a body answers changes until it is issued. A second
 * upload of the same key and version replaces the draft, so that a correction is one more upload.
 */
export async function draftQuestionnaire(deps: Deps, actor: UserActor, definition: Questionnaire, filename: string) {
  mustAuthor(actor)
  return deps.db.transaction(async (tx) => {
    // Said when the file is uploaded, not only when it is issued.
    await mustFollowNewest(tx, definition)
    const replaced = await drafts.deleteDraftsOf(tx, definition.key, definition.version)
    const saved = await drafts.insertDraft(tx, {
      key: definition.key,
      version: definition.version,
      definition,
      filename,
      createdAt: deps.clock.now(),
      createdBy: actor.id,
    })
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.questionnaire_drafted',
      subject: draftSubject(saved.id),
      changes: { key: definition.key, version: definition.version, filename, replaced },
    })
    return saved
  })
}

export async function questionnaireDraft(db: Db, actor: UserActor, id: string) {
  mustAuthor(actor)
  const draft = await drafts.findDraft(db, id)
  if (!draft) throw new HttpError(404, '404')
  return draft
}

export async function questionnaireDrafts(db: Db, actor: UserActor) {
  mustAuthor(actor)
  return drafts.allDrafts(db)
}

/** Issues a draft as the version it names, in one transaction with the draft's removal: it is issued once. */
export async function issueDraft(deps: Deps, actor: UserActor, id: string) {
  mustAuthor(actor)
  return deps.db.transaction(async (tx) => {
    const draft = await drafts.findDraft(tx, id)
    if (!draft) throw new HttpError(404, '404')
    const issued = await issueQuestionnaire({ ...deps, db: tx }, actor, draft.definition)
    await drafts.deleteDraft(tx, id)
    return issued
  })
}

export async function discardDraft(deps: Deps, actor: UserActor, id: string) {
  mustAuthor(actor)
  await deps.db.transaction(async (tx) => {
    const draft = await drafts.findDraft(tx, id)
    if (!draft || !(await drafts.deleteDraft(tx, id))) throw new HttpError(404, '404')
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.questionnaire_draft_discarded',
      subject: draftSubject(id),
      changes: { key: draft.key, version: draft.version },
    })
  })
}

/** Why a version is retired, as its author gives it: shown beside the version and kept in the audit log. */
export const RetireForm = z.object({
  reason: z.string().trim().min(1, { error: 'assessments.retire.reasonRequired' }).max(500, { error: 'register.errors.tooLong' }),
})

/**
 * Withdraws an issued version from new assessments: the framework's newest version not retired is offered instead,
 * and assessments that answered it keep it. The national framework always keeps one version to answer.
 */
export async function retireQuestionnaire(deps: Deps, actor: UserActor, id: string, reason: string) {
  mustAuthor(actor)
  await deps.db.transaction(async (tx) => {
    const version = await repo.questionnaireById(tx, id)
    if (!version) throw new HttpError(404, '404')
    const stillOffered = (await repo.allQuestionnaires(tx)).filter((q) => q.key === version.key && !q.retiredAt && q.id !== id)
    if (version.key === NATIONAL_KEY && stillOffered.length === 0) throw new HttpError(409, 'questionnaireLastNational')
    if (!(await repo.insertRetirement(tx, { questionnaireId: id, retiredAt: deps.clock.now(), retiredBy: actor.id, reason })))
      throw new HttpError(409, 'questionnaireRetired')
    await deps.audit.record(tx, actorRef(actor), {
      action: 'assessments.questionnaire_retired',
      subject: { type: 'questionnaire', id },
      changes: { key: version.key, version: version.version, reason },
    })
  })
}

/** The most answer sets one trial takes: a national framework's whole test corpus, and no more. */
export const MAX_TRIAL_SETS = 5000

/**
 * A trial file: answer sets, each with the level its author expects, as JSON. An answer is the chosen option ids (or
 * the one id of a single choice, or the text, date or number typed).
 */
export const TrialFile = z
  .array(
    z
      .object({
        name: z.string().max(200).optional(),
        answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
        expected: z.enum(impactLevels),
      })
      .strict(),
  )
  .min(1)
  .max(MAX_TRIAL_SETS)

export type TrialRow = {
  /** The set's place in the file, from 1. */
  number: number
  name: string | undefined
  expected: ImpactLevel
  /** The draft's level, when every answer names a question and option the draft has. */
  computed: ImpactLevel | undefined
  /** Answers the draft cannot read: a question or option it does not have. */
  unknown: string[]
}

/**
 * Scores every answer set against the draft and compares the level with the expected one: the disagreements first,
 * in file order, then the agreements, so that what needs the author's eye is at the top.
 */
export function trialScores(definition: Questionnaire, sets: z.infer<typeof TrialFile>) {
  const questions = new Map(definition.sections.flatMap((s) => s.questions).map((q) => [q.id, q]))
  const rows: TrialRow[] = sets.map((set, i) => {
    const answers: Answers = Object.fromEntries(
      Object.entries(set.answers).map(([id, a]) => [id, typeof a === 'string' ? [a] : a]),
    )
    const unknown = Object.entries(answers).flatMap(([id, chosen]) => {
      const q = questions.get(id)
      if (!q) return [id]
      return isChoice(q) ? chosen.filter((o) => !q.options.some((option) => option.id === o)).map((o) => `${id}: ${o}`) : []
    })
    return {
      number: i + 1,
      name: set.name,
      expected: set.expected,
      computed: unknown.length ? undefined : score(definition, answers).level,
      unknown,
    }
  })
  const agrees = (r: TrialRow) => r.computed === r.expected
  return {
    rows: [...rows.filter((r) => !agrees(r)), ...rows.filter(agrees)],
    agreed: rows.filter(agrees).length,
    disagreed: rows.filter((r) => r.computed !== undefined && !agrees(r)).length,
    unreadable: rows.filter((r) => r.computed === undefined).length,
  }
}
export type Trial = ReturnType<typeof trialScores>
