// Wrong twice: a service writing its own query, with Drizzle and the tables, instead of calling its repository.
import { eq } from 'drizzle-orm'
import { things } from './beta.tables.ts'

export const byId = (id: string) => eq(things.id as never, id)
