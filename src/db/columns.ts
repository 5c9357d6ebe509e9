import { customType } from 'drizzle-orm/pg-core'

/** Drizzle has no tsvector type; tables generate theirs from their own text, so the index never disagrees with it. */
export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })
