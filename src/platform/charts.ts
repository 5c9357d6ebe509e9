import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { Locale } from './i18n.ts'

/** The fonts of our pages, so a chart's labels look like the text around them. */
const fonts: Record<Locale, string> = { en: 'system-ui, sans-serif', ur: '"Noto Nastaliq Urdu", system-ui, sans-serif' }

export type BarChart = { locale: Locale; values: readonly { label: string; value: number }[]; xTitle: string; yTitle: string }

/**
 * A bar chart as SVG, rendered on the server by Vega-Lite: pages show real charts with no script. Every chart sits
 * beside a table of the same figures, which is what screen readers read.
 */
export async function barChartSvg(chart: BarChart): Promise<string> {
  const spec: TopLevelSpec = {
    width: 520,
    height: 160,
    data: { values: chart.values.map((v) => ({ ...v })) },
    mark: { type: 'bar', color: '#0b6e4f' },
    encoding: {
      x: { field: 'label', type: 'ordinal', title: chart.xTitle, sort: null, axis: { labelAngle: -45 } },
      y: { field: 'value', type: 'quantitative', title: chart.yTitle, axis: { tickMinStep: 1, format: 'd' } },
    },
    config: { font: fonts[chart.locale], background: 'transparent' },
  }
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
