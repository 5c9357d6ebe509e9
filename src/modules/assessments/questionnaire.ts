import { Decimal } from 'decimal.js'
import { z } from 'zod'
import { organisationTypes } from '../accounts/accounts.vocabulary.ts'
import { sectors } from '../register/register.record.ts'

import {
  FormSections,
  Id,
  isChoice,
  isRequired,
  Text,
  visibleQuestions,
  type Answers,
  type ChoiceQuestion,
  type Question,
} from '../../platform/questions.ts'

/**
 * An impact-assessment questionnaire as data: sections, questions, options with risk or mitigation points,
 * conditions, help text in English and Urdu, and the scoring parameters. A new version is a new file, checked
 * by this schema; assessments keep the version they answered, so old ones stay readable.
 */

export const impactLevels = ['I', 'II', 'III', 'IV'] as const
export type ImpactLevel = (typeof impactLevels)[number]
const Share = z.number().min(0).max(1)
const levelsInOrder = (ls: { level: ImpactLevel }[]) => ls.every((l, i) => l.level === impactLevels[i])

/** Scheme 1, as the first national questionnaire was written: every share is of what the questions shown can score. */
const SchemeOne = z.object({
  /** Optional: a definition that names no scheme was written for scheme 1, and is scored by it for ever. */
  scheme: z.literal(1).optional(),
  /** The share of the mitigation points an assessment must reach to earn the deduction (0 to 1). */
  mitigationThreshold: Share,
  /** The share of the raw risk score taken off when it does (0 to 1). */
  deduction: Share,
  /** Each level applies up to and including this share of the maximum risk score; the last must be 1. */
  levels: z
    .array(z.object({ level: z.enum(impactLevels), upTo: Share }))
    .length(4)
    .refine(levelsInOrder, 'levels must be I, II, III and IV in that order')
    .refine((ls) => ls.every((l, i) => i === 0 || l.upTo > ls[i - 1]!.upTo), 'each level must reach higher than the one before')
    .refine((ls) => ls.at(-1)!.upTo === 1, 'level IV must reach 1'),
})

/**
 * Scheme 2, complete enough for published frameworks (Canada's Algorithmic Impact Assessment among them): where the
 * maximum comes from, the mitigation threshold as a share of a chosen maximum or in points, the rounding of the
 * deducted score, and level bounds as shares or points, each "up to and including" or "below".
 */
const SchemeTwo = z.object({
  scheme: z.literal(2),
  /** Over the risk questions shown, over every risk question (as most published schemes count), or a fixed number. */
  maximum: z.union([z.enum(['shown', 'all']), z.object({ points: z.number().positive() })]),
  threshold: z.union([
    z.object({ share: Share, of: z.enum(['shown', 'all', 'half_all']) }),
    z.object({ points: z.number().min(0) }),
  ]),
  deduction: Share,
  rounding: z.enum(['none', 'half_up', 'half_even', 'floor']),
  levelsIn: z.enum(['share', 'points']),
  /** The upper bound of levels I to III; level IV is everything above the last. */
  levels: z
    .array(
      z.object({ level: z.enum(impactLevels), upTo: z.number().min(0).optional(), below: z.number().min(0).optional() }).strict(),
    )
    .length(4)
    .refine(levelsInOrder, 'levels must be I, II, III and IV in that order')
    .refine(
      (ls) => ls.slice(0, 3).every((l) => (l.upTo === undefined) !== (l.below === undefined)),
      'levels I to III each take either "upTo" or "below"',
    )
    .refine(
      (ls) => ls[3]!.upTo === undefined && ls[3]!.below === undefined,
      'level IV is everything above level III: it takes no bound',
    )
    .refine(
      (ls) => ls.slice(1, 3).every((l, i) => boundOf(l) > boundOf(ls[i]!)),
      'each level must reach higher than the one before',
    ),
})
const boundOf = (l: { upTo?: number | undefined; below?: number | undefined }) => (l.upTo ?? l.below)!

const Scoring = z.discriminatedUnion('scheme', [
  SchemeOne.strict().transform((s) => ({ ...s, scheme: 1 as const })),
  SchemeTwo.strict(),
])
export type Scoring = z.output<typeof Scoring>

export const QuestionnaireDefinition = z.object({
  key: Id,
  version: z.number().int().min(1),
  title: Text,
  description: Text,
  scoring: Scoring,
  /**
   * Where the framework applies: to systems of these sectors, run by bodies of these types (both, when both are
   * given). A framework that says nothing applies everywhere, as the national one does.
   */
  appliesTo: z
    .object({
      sectors: z.array(z.enum(sectors)).min(1).optional(),
      organisationTypes: z.array(z.enum(organisationTypes)).min(1).optional(),
    })
    .strict()
    .optional(),
  sections: FormSections,
})

export type Questionnaire = z.infer<typeof QuestionnaireDefinition>

const pointsOf = (q: ChoiceQuestion, chosen: readonly string[]) =>
  q.options.filter((o) => chosen.includes(o.id)).reduce((sum, o) => sum + o.points, 0)
const maxOf = (q: ChoiceQuestion) =>
  q.type === 'single' ? Math.max(...q.options.map((o) => o.points)) : q.options.reduce((sum, o) => sum + o.points, 0)

/** A level's upper bound, as the scheme states it: a share of the maximum or points, included or not. */
export type LevelBound = { level: ImpactLevel; value: number; rule: 'upTo' | 'below'; unit: 'share' | 'points' }

export type Score = {
  scheme: 1 | 2
  raw: number
  maxRisk: number
  /** Where the maximum came from: the questions shown, every risk question, or the number the scheme fixes. */
  maxOver: 'shown' | 'all' | 'fixed'
  mitigation: number
  maxMitigation: number
  /** The mitigation points that earn the deduction, and how the scheme sets them. */
  threshold: number
  thresholdOver: 'shown' | 'all' | 'half_all' | 'fixed'
  deducted: boolean
  rounding: 'none' | 'half_up' | 'half_even' | 'floor'
  score: number
  /** score / maxRisk, from 0 to 1. */
  share: number
  level: ImpactLevel
  bounds: LevelBound[]
  /** Options chosen that block registration. */
  prohibited: { question: string; option: string }[]
  unanswered: string[]
}

const allQuestions = (def: Questionnaire) => def.sections.flatMap((s) => s.questions)
/** A total over the scored questions of one kind: only choices score, and only risk and mitigation ones. */
const totalOf = (questions: readonly Question[], kind: 'risk' | 'mitigation', f: (q: ChoiceQuestion) => number) =>
  questions
    .filter(isChoice)
    .filter((q) => q.kind === kind)
    .reduce((n, q) => n + f(q), 0)

const ROUNDING = {
  none: undefined,
  half_up: Decimal.ROUND_HALF_UP,
  half_even: Decimal.ROUND_HALF_EVEN,
  floor: Decimal.ROUND_FLOOR,
}

/**
 * The documented rule (README, "Impact assessments"): raw risk is the sum over the visible risk questions of the
 * chosen option's points (single choice) or of every chosen option (multiple choice); a question's maximum is its
 * largest option (single) or all its options (multiple). Scheme 1 counts maxima over the questions shown: when the
 * mitigation points reach `mitigationThreshold` of their maximum, `deduction` of the raw score is taken off, and the
 * level is the first whose `upTo` is at least score / maximum. Scheme 2 takes each of those from the definition (see
 * `SchemeTwo`) and computes in decimals, so that 0.85 × 70 is 59.5 and rounds half up to 60. Answers to hidden
 * questions count for nothing.
 */
export function score(def: Questionnaire, answers: Answers): Score {
  const visible = visibleQuestions(def, answers)
  const chosenPoints = (q: ChoiceQuestion) => pointsOf(q, answers[q.id] ?? [])
  const raw = totalOf(visible, 'risk', chosenPoints)
  const mitigation = totalOf(visible, 'mitigation', chosenPoints)
  const maxMitigation = totalOf(visible, 'mitigation', maxOf)
  const prohibited = visible
    .filter(isChoice)
    .flatMap((q) =>
      q.options
        .filter((o) => o.prohibited && (answers[q.id] ?? []).includes(o.id))
        .map((o) => ({ question: q.id, option: o.id })),
    )
  const unanswered = visible.filter((q) => isRequired(q) && !answers[q.id]?.length).map((q) => q.id)
  const common = { raw, mitigation, maxMitigation, prohibited, unanswered }
  const s = def.scoring
  if (s.scheme === 1) {
    const maxRisk = totalOf(visible, 'risk', maxOf)
    const threshold = s.mitigationThreshold * maxMitigation
    const deducted = maxMitigation > 0 && mitigation >= threshold
    const final = deducted ? raw * (1 - s.deduction) : raw
    const share = maxRisk === 0 ? 0 : final / maxRisk
    const level = s.levels.find((l) => share <= l.upTo + 1e-9)!.level
    const bounds = s.levels
      .slice(0, 3)
      .map((l) => ({ level: l.level, value: l.upTo, rule: 'upTo' as const, unit: 'share' as const }))
    return {
      ...common,
      scheme: 1,
      maxRisk,
      maxOver: 'shown',
      threshold,
      thresholdOver: 'shown',
      deducted,
      rounding: 'none',
      score: final,
      share,
      level,
      bounds,
    }
  }
  const all = allQuestions(def)
  const maxRisk = typeof s.maximum === 'object' ? s.maximum.points : totalOf(s.maximum === 'all' ? all : visible, 'risk', maxOf)
  const threshold =
    'points' in s.threshold
      ? new Decimal(s.threshold.points)
      : new Decimal(s.threshold.share).times(
          s.threshold.of === 'shown'
            ? maxMitigation
            : new Decimal(totalOf(all, 'mitigation', maxOf)).div(s.threshold.of === 'half_all' ? 2 : 1),
        )
  // A threshold of nothing is not reached by having nothing to mitigate.
  const deducted = threshold.gt(0) && threshold.lte(mitigation)
  const unrounded = deducted ? new Decimal(raw).times(new Decimal(1).minus(s.deduction)) : new Decimal(raw)
  const mode = ROUNDING[s.rounding]
  const final = mode === undefined ? unrounded : unrounded.toDecimalPlaces(0, mode)
  const share = maxRisk === 0 ? new Decimal(0) : final.div(maxRisk)
  const measured = s.levelsIn === 'share' ? share : final
  const bounds = s.levels.slice(0, 3).map((l) => ({
    level: l.level,
    value: boundOf(l),
    rule: l.upTo !== undefined ? ('upTo' as const) : ('below' as const),
    unit: s.levelsIn,
  }))
  const within = (b: LevelBound) => (b.rule === 'upTo' ? measured.lte(b.value) : measured.lt(b.value))
  return {
    ...common,
    scheme: 2,
    maxRisk,
    maxOver: typeof s.maximum === 'object' ? 'fixed' : s.maximum,
    threshold: threshold.toNumber(),
    thresholdOver: 'points' in s.threshold ? 'fixed' : s.threshold.of,
    deducted,
    rounding: s.rounding,
    score: final.toNumber(),
    share: share.toNumber(),
    level: bounds.find(within)?.level ?? 'IV',
    bounds,
  }
}

/** One chosen option that added points: to the risk score, or to the mitigation that may earn the deduction. */
export type Contribution = { question: string; option: string; points: number }
/** A section's part of the score: its risk and mitigation points, each out of its maximum. */
export type SectionScore = { section: string; risk: number; maxRisk: number; mitigation: number; maxMitigation: number }

/**
 * Why an assessment scored what it did, part by part: each section's points out of its maximum (risk counted over
 * every question when the scheme's maximum is, else over those shown, as the score counts), and every chosen option that added risk or
 * mitigation, largest first. It is computed again from the definition and the answers, so that it holds for
 * assessments stored before it existed.
 */
export function explain(def: Questionnaire, answers: Answers) {
  const shown = new Set(visibleQuestions(def, answers).map((q) => q.id))
  const overAll = def.scoring.scheme === 2 && def.scoring.maximum === 'all'
  const chosen = (q: ChoiceQuestion) => (shown.has(q.id) ? pointsOf(q, answers[q.id] ?? []) : 0)
  const sections: SectionScore[] = def.sections.map((s) => ({
    section: s.id,
    risk: totalOf(s.questions, 'risk', chosen),
    maxRisk: totalOf(
      s.questions.filter((q) => overAll || shown.has(q.id)),
      'risk',
      maxOf,
    ),
    mitigation: totalOf(s.questions, 'mitigation', chosen),
    maxMitigation: totalOf(
      s.questions.filter((q) => shown.has(q.id)),
      'mitigation',
      maxOf,
    ),
  }))
  const contributions = (kind: 'risk' | 'mitigation'): Contribution[] =>
    visibleQuestions(def, answers)
      .filter(isChoice)
      .filter((q) => q.kind === kind)
      .flatMap((q) =>
        q.options
          .filter((o) => o.points > 0 && (answers[q.id] ?? []).includes(o.id))
          .map((o) => ({ question: q.id, option: o.id, points: o.points })),
      )
      .sort((a, b) => b.points - a.points)
  return { sections, risk: contributions('risk'), mitigation: contributions('mitigation') }
}
export type Explanation = ReturnType<typeof explain>

/**
 * The answered-or-asked questions a reader may see: every shown question for the Directorate and the body, and for
 * the public the choices and only the typed answers the definition publishes (a typed answer is otherwise the
 * Directorate's alone). Notes are never answers.
 */
export function questionsFor(def: Questionnaire, answers: Answers, audience: 'public' | 'staff'): Question[] {
  return visibleQuestions(def, answers).filter(
    (q) =>
      q.type !== 'note' &&
      (audience === 'staff' || isChoice(q) || ((q.type === 'text' || q.type === 'long_text') && q.public === true)),
  )
}

/** What a framework's `appliesTo` is compared with: the system's sector, and the type of the body that runs it. */
export type AppliesTo = Questionnaire['appliesTo']
export function appliesToSystem(
  where: AppliesTo,
  system: { sector: string | undefined; organisationType: string | undefined },
): boolean {
  if (!where) return true
  const listed = (list: readonly string[] | undefined, value: string | undefined) =>
    !list || (value !== undefined && list.includes(value))
  return listed(where.sectors, system.sector) && listed(where.organisationTypes, system.organisationType)
}
