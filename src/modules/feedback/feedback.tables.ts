import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { feedbackTopics } from './feedback.vocabulary.ts'

/** Messages from the contact page. Name and e-mail are personal data, so they are kept only encrypted. */
export const feedbackMessages = pgTable(
  'feedback_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    locale: text('locale', { enum: ['en', 'ur'] }).notNull(),
    topic: text('topic', { enum: feedbackTopics }).notNull(),
    pageUrl: text('page_url'),
    message: text('message').notNull(),
    contactSealed: text('contact_sealed'),
    status: text('status', { enum: ['new', 'answered', 'closed'] })
      .notNull()
      .default('new'),
  },
  (t) => [index('feedback_messages_received_at_idx').on(t.receivedAt)],
)
