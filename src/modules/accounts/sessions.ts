import { createHash, randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/engine.ts'
import type { Clock } from '../../platform/clock.ts'
import * as repo from './accounts.repository.ts'

export const SESSION_IDLE_MS = 30 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
/** last_seen is written at most this often, so reading a page is not a write each time. */
const TOUCH_MS = 60 * 1000

export type Stage = repo.SessionRow['stage']
export type Session = { tokenHash: string; userId: string; stage: Stage }

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex')

export function createSessionStore(deps: { db: Db; clock: Clock; https: boolean }) {
  // __Host- makes the browser refuse the cookie unless it is Secure, host-only and for path /.
  const cookieName = deps.https ? '__Host-mizan-session' : 'mizan-session'
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.https }

  /** Starts a session with a fresh token, ending the one the request carried: the id changes at every step up. */
  async function begin(req: FastifyRequest, reply: FastifyReply, userId: string, stage: Stage): Promise<void> {
    await end(req, reply)
    const token = randomBytes(32).toString('base64url')
    const now = deps.clock.now()
    await repo.insertSession(deps.db, {
      tokenHash: hashOf(token),
      userId,
      stage,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    })
    reply.setCookie(cookieName, token, cookieOptions)
  }

  async function end(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = req.cookies[cookieName]
    if (!token) return
    await repo.deleteSession(deps.db, hashOf(token))
    reply.clearCookie(cookieName, cookieOptions)
  }

  /** The request's session if it is still within its idle and absolute limits. */
  async function load(req: FastifyRequest): Promise<Session | null> {
    const token = req.cookies[cookieName]
    if (!token) return null
    const tokenHash = hashOf(token)
    const row = await repo.findSession(deps.db, tokenHash)
    if (!row) return null
    const now = deps.clock.now().getTime()
    if (row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + SESSION_IDLE_MS <= now) {
      await repo.deleteSession(deps.db, tokenHash)
      return null
    }
    if (now - row.lastSeenAt.getTime() > TOUCH_MS) {
      await repo.touchSession(deps.db, tokenHash, new Date(now))
    }
    return { tokenHash, userId: row.userId, stage: row.stage }
  }

  return { cookieName, begin, end, load }
}

export type SessionStore = ReturnType<typeof createSessionStore>

/** Ends every session of an account: on deactivation, a revoked role, a new password, a reset authenticator. */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await repo.deleteSessionsOf(db, userId)
}

/** Removes sessions past their limits; run by the scheduler. */
export async function pruneSessions(db: Db, now: Date): Promise<void> {
  await repo.deleteStaleSessions(db, now, new Date(now.getTime() - SESSION_IDLE_MS))
}
