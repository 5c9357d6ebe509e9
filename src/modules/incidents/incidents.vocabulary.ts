// The words incidents records use: stored in its tables, offered in its forms, accepted by its API.

/** The documented taxonomy of harm (README, "Incident reports"). */
export const harmKinds = [
  'discrimination',
  'wrongful_denial',
  'privacy',
  'misinformation',
  'financial',
  'physical',
  'psychological',
  'exclusion',
  'other',
] as const

export type HarmKind = (typeof harmKinds)[number]

export const affectedGroups = [
  'myself',
  'family',
  'community',
  'women',
  'children',
  'disability',
  'minorities',
  'elderly',
  'other',
] as const

export const reportedSeverities = ['minor', 'serious', 'severe'] as const

export const reportStates = ['received', 'triaged', 'closed'] as const

/** Why a report was closed without an incident; `duplicate` when merged into another report. */
export const closeReasons = ['spam', 'out_of_scope', 'duplicate'] as const

export const incidentStates = ['open', 'referred', 'responded', 'resolved', 'redress_provided', 'not_upheld'] as const

export type IncidentState = (typeof incidentStates)[number]

/** The outcomes a reviewer decides; an incident in one of them can be reopened. */
export const outcomes = ['resolved', 'redress_provided', 'not_upheld'] as const

export type Outcome = (typeof outcomes)[number]
