import type { Feature } from '../../platform/feature.ts'
import { feedbackRoutes } from './feedback.routes.tsx'
import { feedbackMessages } from './feedback.tables.ts'

/** Messages from the public to the AI Directorate, their contact details sealed. */
export const feedbackFeature: Feature = {
  name: 'feedback',
  routes: feedbackRoutes,
  sealedColumns: [
    { name: 'feedback.contact', table: feedbackMessages, id: feedbackMessages.id, sealed: feedbackMessages.contactSealed },
  ],
}
