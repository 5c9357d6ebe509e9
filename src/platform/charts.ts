import type { TopLevelSpec } from 'vega-lite'
import type { Locale } from './i18n.ts'

/** The fonts of our pages, so a chart's labels look like the text around them. */
const fonts: Record<Locale, string> = { en: 'system-ui, sans-serif', ur: '"Noto Nastaliq Urdu", system-ui, sans-serif' }

export type BarChart = { locale: Locale; values: readonly { label: string; value: number }[]; xTitle: string; yTitle: string }

async function svgOf(spec: TopLevelSpec): Promise<string> {
  // Loaded on the first chart, not at start: together they hold about 50 MB that most processes never need.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')])
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

/**
 * A bar chart as SVG, rendered on the server by Vega-Lite: pages show real charts with no script. It is drawn twice:
 * columns for a wide screen, and for a phone horizontal bars whose labels read across at the page's text size
 * and on paper (a wide chart shrunk to a phone's width has 5 px labels, and tilted ones are clipped); labels are never
 * cut short. The stylesheet shows the one that fits. Every
 * chart sits beside a table of the same figures, which is what screen readers read.
 */
export async function barChart(chart: BarChart): Promise<string> {
  const data = { values: chart.values.map((v) => ({ ...v })) }
  const config = { font: fonts[chart.locale], background: 'transparent' }
  const [wide, narrow] = await Promise.all([
    svgOf({
      width: 520,
      height: 160,
      data,
      mark: { type: 'bar', color: '#0b6e4f' },
      encoding: {
        x: { field: 'label', type: 'ordinal', title: chart.xTitle, sort: null, axis: { labelAngle: -45 } },
        y: { field: 'value', type: 'quantitative', title: chart.yTitle, axis: { tickMinStep: 1, format: 'd' } },
      },
      config,
    }),
    svgOf({
      width: 190,
      height: { step: 26 },
      data,
      mark: { type: 'bar', color: '#0b6e4f' },
      encoding: {
        y: { field: 'label', type: 'ordinal', title: null, sort: null, axis: { labelFontSize: 14, labelLimit: 0 } },
        x: {
          field: 'value',
          type: 'quantitative',
          title: chart.yTitle,
          axis: { tickMinStep: 1, format: 'd', tickCount: 3, labelFontSize: 13, titleFontSize: 13 },
        },
      },
      config,
    }),
  ])
  return `<div class="chart-wide">${wide}</div><div class="chart-narrow">${narrow}</div>`
}
