import type { impactLevels } from './register.record.ts'

/** A level an accepted assessment gives. */
export type ImpactLevel = Exclude<(typeof impactLevels)[number], 'not_assessed'>

/**
 * The change notes Mizan writes itself: when an accepted assessment republishes a record, and when a file brings a
 * version in. They are stored in English, as the open data carries them; `systemNoteOf` recognises them so that each
 * page can say them in its own language.
 */
export const assessedNote = (level: ImpactLevel) => `Impact assessment accepted: level ${level}`
export const importedNote = (filename: string) => `Imported from ${filename}`
const ASSESSED_NOTE = /^Impact assessment accepted: level (I|II|III|IV)$/
const IMPORTED_NOTE = /^Imported from (.+)$/s

/** A change note Mizan wrote itself, as a catalogue key and what it names; undefined for a note a person wrote. */
export function systemNoteOf(
  note: string | null,
): { key: 'register.history.assessed'; level: ImpactLevel } | { key: 'register.history.imported'; filename: string } | undefined {
  const level = note ? ASSESSED_NOTE.exec(note)?.[1] : undefined
  if (level) return { key: 'register.history.assessed', level: level as ImpactLevel }
  const filename = note ? IMPORTED_NOTE.exec(note)?.[1] : undefined
  return filename ? { key: 'register.history.imported', filename } : undefined
}
