// The words programme records use: stored in its tables, offered in its forms, accepted by its API.

/** The two programmes the policy sets up, run on one workflow: the regulatory sandbox (3.8, 5.5) and the National AI Fund (1.1, 2.1.1). */
export const programmes = ['sandbox', 'fund'] as const
export type Programme = (typeof programmes)[number]

/** What a call funds or admits: a sandbox cohort, a fund project (up to PKR 1 million) or a thesis (up to PKR 200,000). */
export const schemes = ['cohort', 'project', 'thesis'] as const
export type Scheme = (typeof schemes)[number]

export const applicationStates = ['draft', 'submitted', 'withdrawn'] as const

/**
 * A reviewer's assignment: assigned (nothing seen but the applicant's name and title), conflicted (a declared conflict
 * removed them; the declaration is kept), accepted (no conflict declared: they may read and score), submitted.
 */
export const reviewStates = ['assigned', 'conflicted', 'accepted', 'submitted'] as const
export type ReviewState = (typeof reviewStates)[number]

/** The conflicts a reviewer declares before seeing an application (Horizon Europe's rules, as the call adopts them). */
export const conflictKinds = ['same_organisation', 'collaboration', 'family', 'business_partner', 'supervisor_student'] as const
export type ConflictKind = (typeof conflictKinds)[number]

export const recommendations = ['support', 'support_with_changes', 'do_not_support'] as const

/** The committee's decision: admitted or awarded, kept on the reserve list, or rejected. */
export const outcomes = ['award', 'reserve', 'reject'] as const
export type Outcome = (typeof outcomes)[number]

/** A sandbox plan is proposed by the Directorate, agreed when both sides accept it, and may be suspended with a reason. */
export const planStates = ['proposed', 'agreed', 'suspended'] as const

/** How a sandbox participation ends (the EU AI Act's exit report, article 57). */
export const exitOutcomes = ['graduated', 'extended', 'ended_early'] as const

/**
 * A payment request: submitted by the recipient, approved by programme staff, approved by finance, paid; or sent back
 * for changes, or declined. Only a paid or pending one counts against a milestone.
 */
export const paymentStates = ['submitted', 'staff_approved', 'finance_approved', 'paid', 'changes_requested', 'declined'] as const
export type PaymentState = (typeof paymentStates)[number]

/** What a funded project produced (policy 2.1.1(f)); papers, patents and startups feed the tracker. */
export const outputKinds = ['prototype', 'paper', 'patent', 'product', 'dataset', 'model', 'jobs'] as const
