import { z } from 'zod'
import { blankToUndefined, type FieldErrors } from '../../platform/forms.tsx'
import { paisaOf } from '../../platform/numbers.ts'
import type { Answers } from '../../platform/questions.ts'
import { scoreOf } from './review-scoring.ts'

// Reading the programme's forms whose fields are not fixed: a call's own questions, budget lines, scores per criterion.

/** A typed text the form needs, at most `max` characters; `error` names what to write when it is left blank. */
export const text = (max: number, error: string) =>
  z.preprocess(blankToUndefined, z.string({ error }).max(max, { error: 'register.errors.tooLong' }))
export const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string().max(max, { error: 'register.errors.tooLong' }).optional())

/** Checkboxes: none, one or many values under one name. */
export const ticked = <T extends readonly [string, ...string[]]>(values: T, error: string) =>
  z.preprocess((v) => (v === undefined ? [] : [v].flat()), z.array(z.enum(values, { error })))

/** As many budget lines as a form may carry; a page shows those saved and three empty ones. */
export const MAX_BUDGET_LINES = 30
/** Form fields to the answers of a call's form: every value given under a question's id. */
export function answersFrom(body: Record<string, unknown>, questionIds: ReadonlySet<string>): Answers {
  const out: Answers = {}
  for (const [k, v] of Object.entries(body)) {
    if (!questionIds.has(k)) continue
    const list = [v].flat().filter((x): x is string => typeof x === 'string')
    if (list.length) out[k] = list
  }
  return out
}

/** Budget lines from `item_N` and `amount_N` fields: blank rows are skipped, half-filled or unreadable ones reported. */
export function budgetFrom(body: Record<string, unknown>) {
  const lines: { item: string; amountPaisa: bigint }[] = []
  const errors: FieldErrors = {}
  for (let i = 0; i < MAX_BUDGET_LINES; i++) {
    const item = String(body[`item_${i}`] ?? '').trim()
    const amount = String(body[`amount_${i}`] ?? '').trim()
    if (!item && !amount) continue
    const paisa = paisaOf(amount)
    if (!item) errors[`item_${i}`] = 'programmes.errors.lineItem'
    else if (item.length > 300) errors[`item_${i}`] = 'register.errors.tooLong'
    else if (paisa === undefined || paisa <= 0n) errors[`amount_${i}`] = 'programmes.errors.amount'
    else lines.push({ item, amountPaisa: paisa })
  }
  return { lines, errors }
}

/** Scores and comments per criterion (`score_<id>`, `comment_<id>`), as a reviewer or the rapporteur gives them. */
export function scoresFrom(body: Record<string, unknown>, criteria: readonly { id: string }[]) {
  const scores: Record<string, { tenths: number; comment: string }> = {}
  const errors: FieldErrors = {}
  for (const c of criteria) {
    const typed = String(body[`score_${c.id}`] ?? '').trim()
    const comment = String(body[`comment_${c.id}`] ?? '').trim()
    if (comment.length > 4000) errors[`comment_${c.id}`] = 'register.errors.tooLong'
    if (!typed) continue
    const tenths = scoreOf(typed)
    if (tenths === undefined) errors[`score_${c.id}`] = 'programmes.errors.score'
    else scores[c.id] = { tenths, comment }
  }
  return { scores, errors }
}

/** Milestones from `title_N`, `amount_N` and `due_N`: blank rows skipped, half-filled or unreadable ones reported. */
export function milestonesFrom(body: Record<string, unknown>) {
  const milestones: { title: string; amountPaisa: bigint; dueOn: string }[] = []
  const errors: FieldErrors = {}
  for (let i = 0; i < MAX_BUDGET_LINES; i++) {
    const title = String(body[`title_${i}`] ?? '').trim()
    const amount = String(body[`amount_${i}`] ?? '').trim()
    const due = String(body[`due_${i}`] ?? '').trim()
    if (!title && !amount && !due) continue
    const paisa = paisaOf(amount)
    if (!title || title.length > 300) errors[`title_${i}`] = title ? 'register.errors.tooLong' : 'programmes.errors.milestone'
    else if (paisa === undefined || paisa <= 0n) errors[`amount_${i}`] = 'programmes.errors.amount'
    else if (!z.iso.date().safeParse(due).success) errors[`due_${i}`] = 'register.errors.date'
    else milestones.push({ title, amountPaisa: paisa, dueOn: due })
  }
  return { milestones, errors }
}
