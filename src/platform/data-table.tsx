import { cloneElement, Fragment, isValidElement, toChildArray, type ComponentChildren, type VNode } from 'preact'

type Cell = VNode<{ colSpan?: number; children?: ComponentChildren }>

/** Every cell of every row carries its column's heading (`data-label`), which a phone shows beside the value. */
function labelled(children: ComponentChildren, columns: readonly string[]): ComponentChildren {
  return toChildArray(children).map((row) => {
    if (!isValidElement(row)) return row
    const node = row as VNode<{ children?: ComponentChildren }>
    if (node.type === Fragment) return cloneElement(node, {}, labelled(node.props.children, columns))
    if (node.type !== 'tr') return node
    let column = 0
    const cells = toChildArray(node.props.children).map((cell) => {
      if (!isValidElement(cell)) return cell
      const label = columns[column]
      column += (cell as Cell).props.colSpan ?? 1
      return cloneElement(cell as Cell, { 'data-label': label } as object)
    })
    return cloneElement(node, {}, cells)
  })
}

/** Tables this wide squeeze their columns to a word a line on a phone; narrower ones read well as they are. */
const CARDS_FROM_COLUMNS = 3

/**
 * A captioned table. On a wide screen it scrolls sideways on its own if it must, so the page itself never does (the
 * scrolling region is labelled and focusable, so keyboard users can scroll it too). On a phone, a table of three or
 * more columns turns each row into a card: its row heading as the title, each value beside its column's heading.
 */
export function DataTable({
  caption,
  columns,
  dense = false,
  children,
}: {
  caption: string
  columns: readonly string[]
  /** Short values (counts): a phone's card sets them two to a line instead of one. */
  dense?: boolean
  children: ComponentChildren
}) {
  const cards = columns.length >= CARDS_FROM_COLUMNS ? (dense ? 'cards-on-phone cards-dense' : 'cards-on-phone') : undefined
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table class={cards}>
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
        <tbody>{labelled(children, columns)}</tbody>
      </table>
    </div>
  )
}
