import { createHash, randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/engine.ts'
import type { Clock } from '../../platform/clock.ts'
import * as repo from './accounts.repository.ts'

const DEVICE_MAX_AGE_S = 365 * 24 * 60 * 60

export const deviceTokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * The cookie that marks a browser in which an account has fully signed in. It proves nothing by itself (the
 * password and second factor are still asked); it only chooses the throttle, so a flood elsewhere does not make
 * the owner's own browser wait.
 */
export function createDeviceCookie(deps: { db: Db; clock: Clock; https: boolean }) {
  const name = deps.https ? '__Host-mizan-device' : 'mizan-device'
  const options = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.https, maxAge: DEVICE_MAX_AGE_S }

  const read = (req: FastifyRequest): string | undefined => req.cookies[name]

  /** After a full sign-in: keeps this browser's token if it is the account's already, or issues a new one. */
  async function remember(req: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
    const given = read(req)
    const token =
      given && (await repo.deviceOwner(deps.db, deviceTokenHash(given)))?.userId === userId
        ? given
        : randomBytes(32).toString('base64url')
    await repo.rememberDevice(deps.db, deviceTokenHash(token), userId, deps.clock.now())
    reply.setCookie(name, token, options)
  }

  return { read, remember }
}

export type DeviceCookie = ReturnType<typeof createDeviceCookie>
