// The words kpi records use: stored in its tables, offered in its forms, accepted by its API.

export const itemKinds = ['kpi', 'target', 'action', 'figure'] as const
