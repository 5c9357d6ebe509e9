// The words assessments records use: stored in its tables, offered in its forms, accepted by its API.

export const assessmentStates = ['draft', 'submitted', 'returned', 'accepted'] as const

export type AssessmentState = (typeof assessmentStates)[number]

export const obligationStatuses = ['open', 'met', 'waived'] as const

export const evaluationStates = ['draft', 'submitted', 'queried', 'accepted'] as const

export const recommendations = ['continue', 'continue_with_changes', 'suspend', 'retire'] as const
