// Every table of Mizan, gathered for drizzle-kit and for typed queries.
export * from '../platform/platform.tables.ts'
export * from '../platform/audit.tables.ts'
export * from '../platform/files.tables.ts'
export * from '../platform/work-queue.tables.ts'
export * from '../modules/kpi/kpi.tables.ts'
export * from '../modules/feedback/feedback.tables.ts'
export * from '../modules/accounts/accounts.tables.ts'
export * from '../modules/register/register.tables.ts'
