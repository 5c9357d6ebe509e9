import type { Permission, Role } from '../../platform/rbac.ts'
import type { organisationTypes } from '../accounts/accounts.vocabulary.ts'
import { CallDefinition } from './call-definition.ts'
import fundProject from './data/fund-project-call.json' with { type: 'json' }
import fundThesis from './data/fund-thesis-call.json' with { type: 'json' }
import sandboxCohort from './data/sandbox-cohort-call.json' with { type: 'json' }
import type { Programme, Scheme } from './programmes.vocabulary.ts'

type SchemeConfig = {
  /** The definition a new call starts from; staff may replace it before the call opens. */
  template: CallDefinition
  /** The most one award may be, in paisa, unless the call sets less (policy 2.1.1: PKR 1 million and 200,000). */
  defaultCapPaisa: bigint | null
  /** Which bodies may apply. */
  applicants: readonly (typeof organisationTypes)[number][]
  /** A thesis is endorsed by a supervisor at the student's university before it can be submitted. */
  endorsement: boolean
}

/**
 * The two configurations of the one programme workflow: where each lives, who runs it, what it gives (places, or
 * money in paisa) and which schemes it has. Everything else (calls, applications, review, decision) is shared.
 */
export type ProgrammeConfig = {
  programme: Programme
  /** Its pages: `/sandbox`, `/fund`. */
  path: string
  /** Its public list of awards under its path: the sandbox's participants, the fund's awards. */
  publicList: 'participants' | 'awards'
  manage: Permission
  /** The role whose work queue receives the programme's work: applications to assign, reviews to gather. */
  staffRole: Role
  /** A fund gives money and so has a budget and budget lines; a sandbox gives places and a plan. */
  money: boolean
  schemes: Partial<Record<Scheme, SchemeConfig>>
}

const RUPEE = 100n

export const programmeConfigs: Record<Programme, ProgrammeConfig> = {
  sandbox: {
    programme: 'sandbox',
    path: '/sandbox',
    publicList: 'participants',
    manage: 'programmes.sandbox.manage',
    staffRole: 'sandbox_staff',
    money: false,
    schemes: {
      cohort: {
        template: CallDefinition.parse(sandboxCohort),
        defaultCapPaisa: null,
        applicants: ['company', 'academia', 'civil_society', 'public_body', 'autonomous_body'],
        endorsement: false,
      },
    },
  },
  fund: {
    programme: 'fund',
    path: '/fund',
    publicList: 'awards',
    manage: 'programmes.fund.manage',
    staffRole: 'fund_committee',
    money: true,
    schemes: {
      project: {
        template: CallDefinition.parse(fundProject),
        defaultCapPaisa: 1_000_000n * RUPEE,
        applicants: ['company', 'academia', 'civil_society'],
        endorsement: false,
      },
      thesis: {
        template: CallDefinition.parse(fundThesis),
        defaultCapPaisa: 200_000n * RUPEE,
        applicants: ['academia'],
        endorsement: true,
      },
    },
  },
}

export const schemeConfig = (programme: Programme, scheme: Scheme) => programmeConfigs[programme].schemes[scheme]
