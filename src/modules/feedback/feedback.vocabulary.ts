// The words feedback records use: stored in its tables, offered in its forms, accepted by its API.

export const feedbackTopics = ['question', 'feedback', 'accessibility', 'error'] as const
