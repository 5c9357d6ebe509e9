// The words register records use: stored in its tables, offered in its forms, accepted by its API.

export const draftStates = ['draft', 'submitted', 'returned'] as const

export type DraftState = (typeof draftStates)[number]
