// The words audits records use: stored in its tables, offered in its forms, accepted by its API.

export const auditStates = ['assigned', 'submitted', 'closed'] as const

export const severities = ['low', 'medium', 'high', 'critical'] as const
