import type { ComponentChildren } from 'preact'

/**
 * A captioned table that scrolls sideways on its own on a narrow screen, so the page itself never does;
 * the scrolling region is a labelled, focusable region so keyboard users can scroll it too.
 */
export function DataTable({
  caption,
  columns,
  children,
}: {
  caption: string
  columns: readonly string[]
  children: ComponentChildren
}) {
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
