import type { FastifyReply, FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { Assets } from './assets.ts'
import { localisePath, translator, type Locale, type T } from './i18n.ts'
import { scopeOf, type Permission } from './rbac.ts'

/** What every view needs to know about the request it answers. */
export type PageContext = {
  locale: Locale
  t: T
  /** The path and query the routes see, without the /ur prefix. */
  path: string
  assets: Assets
  /** Builds a link in the page's own language. */
  href(path: string): string
  signedIn: boolean
  /** Whether the person may use a permission: views show only what can be used. */
  can(permission: Permission): boolean
}

export function pageContext(req: FastifyRequest): PageContext {
  const locale = req.locale
  return {
    locale,
    t: req.t,
    path: req.url,
    assets: req.server.assets,
    href: (path) => localisePath(locale, path),
    signedIn: req.actor !== null,
    can: (permission) => scopeOf(req.actor, permission) !== null,
  }
}

/** A context for rendering outside a request (documents made once and stored): the public's view, in one language. */
export function publicContext(locale: Locale, assets: Assets): PageContext {
  return {
    locale,
    t: translator(locale),
    path: '',
    assets,
    href: (path) => localisePath(locale, path),
    signedIn: false,
    can: () => false,
  }
}

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`)
}

/** A part of a page, for htmx to swap in place; the full page at the same address works without it. */
export function sendFragment(reply: FastifyReply, part: VNode): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(renderToString(part))
}
