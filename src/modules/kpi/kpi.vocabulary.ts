import { provinces } from '../accounts/accounts.vocabulary.ts'

// The words kpi records use: stored in its tables, offered in its forms, accepted by its API.

export const itemKinds = ['kpi', 'target', 'action', 'figure'] as const

/**
 * Delivery confidence, the five-point scale major-project portfolios use (the UK's Infrastructure and Projects
 * Authority among them), from most to least confident.
 */
export const confidenceRatings = ['highly_likely', 'probable', 'in_doubt', 'unlikely', 'unachievable'] as const
export type ConfidenceRating = (typeof confidenceRatings)[number]

/** What the tracker's log holds: issues, risks, and the decisions that settle them. */
export const logKinds = ['issue', 'risk', 'decision'] as const
export type LogKind = (typeof logKinds)[number]
export const severities = ['low', 'medium', 'high'] as const

/** What a lead body that has not answered a data call is sent: a reminder before the due date, an escalation after. */
export const noticeKinds = ['reminder', 'escalation'] as const
export type NoticeKind = (typeof noticeKinds)[number]

/** The places a figure may be broken down into: the provinces and territories, not the federal government. */
export const FIGURE_PROVINCES = provinces.filter((p) => p !== 'federal')
export type FigureProvince = (typeof FIGURE_PROVINCES)[number]
/** A figure's part in one province. */
export type Part = { province: FigureProvince; value: number }
