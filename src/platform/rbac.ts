/**
 * Roles and permissions: the one table that says who may do what, and over which records.
 * Routes name a permission; a platform hook checks it before the handler runs; services check
 * the scope against the record they touch.
 */
export const roles = [
  'org_member',
  'org_admin',
  'reviewer',
  'auditor',
  'rms_evaluator',
  'fund_committee',
  'sandbox_staff',
  'programme_reviewer',
  'finance_officer',
  'pic_analyst',
  'assessment_policy',
  'sysadmin',
] as const
export type Role = (typeof roles)[number]

/** Roles held within one organisation; the others act across Mizan. */
export const organisationRoles: readonly Role[] = ['org_member', 'org_admin']

/** own_org: records of the actor's organisation; assigned: records assigned to the actor; all: every record. */
export type Scope = 'own_org' | 'assigned' | 'all' | 'self'

const STAFF = Object.fromEntries(roles.map((r) => [r, 'self'])) as Record<Role, 'self'>

export const permissions = {
  /** Signed in with both factors: one's own account, inbox and work queue. */
  'account.self': STAFF,
  'organisations.manage': { sysadmin: 'all' },
  'users.manage': { org_admin: 'own_org', sysadmin: 'all' },
  'users.reset_mfa': { sysadmin: 'all' },
  'access_review.perform': { org_admin: 'own_org', sysadmin: 'all' },
  'audit.verify': { sysadmin: 'all' },
  'outbox.read': { sysadmin: 'all' },
  /** Draft, edit and submit register records of one's organisation. */
  'register.draft': { org_member: 'own_org', org_admin: 'own_org' },
  'register.review': { reviewer: 'all' },
  'register.retire': { org_admin: 'own_org', reviewer: 'all' },
  'register.import': { org_admin: 'own_org', reviewer: 'all' },
  /** Fill in and submit the impact assessments of one's organisation's systems. */
  'assessments.fill': { org_member: 'own_org', org_admin: 'own_org' },
  'assessments.review': { reviewer: 'all' },
  /**
   * Author questionnaire versions (draft, preview, trial scoring, issue) and set the obligation rules: the AI
   * Directorate's assessment policy staff, whose policy it is, not the system's administrators.
   */
  'assessments.questionnaires': { assessment_policy: 'all' },
  /** Accredit auditors, assign audits, close them. */
  'audits.manage': { reviewer: 'all' },
  /** Work on the audits assigned to oneself, and nothing else of a body's data. */
  'audits.perform': { auditor: 'assigned' },
  /** Answer the corrective actions of audits of one's organisation's systems. */
  'audits.respond': { org_member: 'own_org', org_admin: 'own_org' },
  /** Read reports (and, on request, reporters' contact details), open and decide incidents. */
  'incidents.triage': { reviewer: 'all' },
  /** Record progress on the policy's targets and KPIs: analysts for all, lead stakeholders for their own items. */
  'progress.record': { pic_analyst: 'all', org_member: 'own_org', org_admin: 'own_org' },
  /** Set an item's status by judgement, with a reason, in place of the computed one; set paths; challenge ratings. */
  'progress.override': { pic_analyst: 'all' },
  /** Rate the delivery confidence of one's own body's action-matrix rows, as its accountable officer. */
  'progress.confidence': { org_admin: 'own_org' },
  /** Prepare and publish the biannual progress report. */
  'progress.report': { pic_analyst: 'all' },
  /** Run the regulatory sandbox: open calls, assign reviewers, write the consensus, decide (the AI Directorate and CoE-AI). */
  'programmes.sandbox.manage': { sandbox_staff: 'all' },
  /** Run the National AI Fund's calls the same way: the NAIF committee. */
  'programmes.fund.manage': { fund_committee: 'all' },
  /** Apply to a programme's calls for one's organisation, and endorse a student's thesis application as supervisor. */
  'programmes.apply': { org_member: 'own_org', org_admin: 'own_org' },
  /** Approve a fund payment after programme staff, and record it paid: the finance officer, never the same person as staff. */
  'programmes.finance': { finance_officer: 'all' },
  /** Review the applications one is assigned to, after declaring any conflict of interest. */
  'programmes.review': { programme_reviewer: 'assigned' },
  /** Answer the incidents referred to one's organisation. */
  'incidents.respond': { org_member: 'own_org', org_admin: 'own_org' },
} as const satisfies Record<string, Partial<Record<Role, Scope>>>

export type Permission = keyof typeof permissions
/**
 * What a route declares: a permission, `public` for anyone, or `operator` for machines that run Mizan
 * (Prometheus): callers on the same host, or bearing the operator token.
 */
export type RouteAccess = Permission | 'public' | 'operator'

export type UserActor = { kind: 'user'; id: string; organisationId: string | null; roles: readonly Role[] }

/** The widest scope any of the actor's roles gives for a permission, or null when none does. */
export function scopeOf(actor: UserActor | null, permission: Permission): Scope | null {
  if (!actor) return null
  const grants = permissions[permission] as Partial<Record<Role, Scope>>
  const order: Scope[] = ['all', 'own_org', 'assigned', 'self']
  const held = actor.roles.map((r) => grants[r]).filter((s): s is Scope => s !== undefined)
  return order.find((s) => held.includes(s)) ?? null
}

/** Whether the actor may act on a record of this organisation under this permission. */
export function mayActOnOrganisation(actor: UserActor, permission: Permission, organisationId: string | null): boolean {
  const scope = scopeOf(actor, permission)
  return scope === 'all' || (scope === 'own_org' && organisationId !== null && organisationId === actor.organisationId)
}
