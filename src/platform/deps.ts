import type { Config } from '../config.ts'
import type { Db, EngineKind } from '../db/engine.ts'
import type { AuditLog } from './audit-log.ts'
import type { Clock } from './clock.ts'

/** What route modules are given; nothing is looked up from globals. */
export type Deps = {
  db: Db
  engine: EngineKind
  clock: Clock
  config: Config
  audit: AuditLog
}
