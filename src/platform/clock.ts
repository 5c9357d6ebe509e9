/** Time comes from here, never from `new Date()` in a rule, so tests move time instead of sleeping. */
export type Clock = { now(): Date }

export const systemClock: Clock = { now: () => new Date() }
