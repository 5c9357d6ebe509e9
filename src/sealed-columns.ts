import { users } from './modules/accounts/accounts.tables.ts'
import { feedbackMessages } from './modules/feedback/feedback.tables.ts'
import { incidentReports } from './modules/incidents/incidents.tables.ts'
import type { SealedColumn } from './platform/reseal.ts'

/** Every column of personal data encrypted at rest; features add theirs here, and `mizan reseal` rotates them all. */
export const sealedColumns: readonly SealedColumn[] = [
  { name: 'users.mfa_secret', table: users, id: users.id, sealed: users.mfaSecretSealed },
  { name: 'feedback.contact', table: feedbackMessages, id: feedbackMessages.id, sealed: feedbackMessages.contactSealed },
  { name: 'incident_reports.contact', table: incidentReports, id: incidentReports.id, sealed: incidentReports.contactSealed },
]
