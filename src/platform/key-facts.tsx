import type { ComponentChildren } from 'preact'

/** One term and its value in a page's key facts (`<dl class="key-facts">`). */
export function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}
