import type { impactLevels } from './register.record.ts'

/** A level an accepted assessment gives. */
export type ImpactLevel = Exclude<(typeof impactLevels)[number], 'not_assessed'>

/**
 * The change note Mizan writes itself when an accepted assessment republishes a record. It is stored in English, as
 * the open data carries it; `systemNoteOf` recognises it so that each page can say it in its own language.
 */
export const assessedNote = (level: ImpactLevel) => `Impact assessment accepted: level ${level}`
const ASSESSED_NOTE = /^Impact assessment accepted: level (I|II|III|IV)$/

/** A change note Mizan wrote itself, as a catalogue key and its values; undefined for a note a person wrote. */
export function systemNoteOf(note: string | null): { key: string; level: ImpactLevel } | undefined {
  const level = note ? ASSESSED_NOTE.exec(note)?.[1] : undefined
  return level ? { key: 'register.history.assessed', level: level as ImpactLevel } : undefined
}
