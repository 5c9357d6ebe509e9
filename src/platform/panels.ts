import type { FastifyRequest } from 'fastify'
import type { VNode } from 'preact'
import type { Deps } from './deps.ts'
import { pageContext, type PageContext } from './page.ts'
import { scopeOf, type Permission } from './rbac.ts'

/**
 * The pages that other features may add panels to, and the record each is about: a system's public page (its id),
 * and an organisation's list of its own systems (the organisation's id).
 */
export type PanelSlot = 'register.system' | 'register.organisation-dashboard'

/**
 * A part of another feature's page, contributed through a feature's manifest: the register's system page shows the
 * duties, the audit summary and the published incidents without knowing those features.
 */
export type Panel = {
  /** `<feature>.<what>`. */
  id: string
  on: PanelSlot
  /** Panels appear in ascending order. */
  order: number
  /** Who sees it: everyone, or those holding the permission (in any scope). */
  access: 'public' | Permission
  /** Loads what the panel shows about the record and renders it; nothing to show is null. */
  load(deps: Deps, recordId: string, ctx: PageContext): Promise<VNode | null>
}

export type Panels = { render(slot: PanelSlot, req: FastifyRequest, recordId: string): Promise<VNode[]> }

/** The panels of every slot; a slot's panels load in parallel, each with its own queries. */
export function createPanels(deps: Deps, panels: readonly Panel[]): Panels {
  const bySlot = new Map<PanelSlot, Panel[]>()
  for (const p of [...panels].sort((a, b) => a.order - b.order)) bySlot.set(p.on, [...(bySlot.get(p.on) ?? []), p])
  return {
    async render(slot, req, recordId) {
      const ctx = pageContext(req)
      const visible = (bySlot.get(slot) ?? []).filter((p) => p.access === 'public' || scopeOf(req.actor, p.access) !== null)
      const shown = await Promise.all(visible.map((p) => p.load(deps, recordId, ctx)))
      return shown.filter((node): node is VNode => node !== null)
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The panels features add to each other's pages (see `Feature.panels`). */
    panels: Panels
  }
}
