import { z } from 'zod'
import { encrypt } from '../../platform/crypto.ts'
import type { Deps } from '../../platform/deps.ts'
import { blankToUndefined } from '../../platform/forms.tsx'
import type { Locale } from '../../platform/i18n.ts'
import * as repo from './feedback.repository.ts'
import { feedbackTopics } from './feedback.vocabulary.ts'

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional())

/** The contact form; each message names the catalogue key shown beside the field. */
export const ContactForm = z.object({
  topic: z.enum(feedbackTopics, { error: 'contact.errors.topic' }),
  message: z.preprocess(
    blankToUndefined,
    z.string({ error: 'contact.errors.messageRequired' }).max(4000, { error: 'contact.errors.messageTooLong' }),
  ),
  name: optional(z.string().max(200, { error: 'contact.errors.nameTooLong' })),
  email: optional(z.email({ error: 'contact.errors.email' }).max(254, { error: 'contact.errors.email' })),
  pageUrl: optional(z.string().max(500, { error: 'contact.errors.pageUrl' })),
  // A field people never see: software that fills every field fills this one too.
  website: z.string().optional(),
})
export type ContactInput = z.output<typeof ContactForm>

/** Stores a message; the sender's name and e-mail are sealed with the current encryption key. */
export async function submitFeedback(deps: Deps, input: ContactInput, locale: Locale): Promise<{ stored: boolean }> {
  if (input.website) return { stored: false }
  const contact =
    input.name || input.email
      ? encrypt(deps.config.secrets.encryptionKeys, JSON.stringify({ name: input.name, email: input.email }))
      : null
  await deps.db.transaction(async (tx) => {
    const { id } = await repo.insertFeedback(tx, {
      receivedAt: deps.clock.now(),
      locale,
      topic: input.topic,
      message: input.message,
      pageUrl: input.pageUrl ?? null,
      contactSealed: contact,
    })
    await deps.audit.record(
      tx,
      { kind: 'public' },
      {
        action: 'feedback.received',
        subject: { type: 'feedback', id },
        changes: { topic: input.topic, locale },
        personal: { name: input.name, email: input.email },
      },
    )
  })
  return { stored: true }
}
