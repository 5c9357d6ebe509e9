import * as repo from './kpi.repository.ts'
import { FIGURE_PROVINCES, type FigureProvince } from './kpi.vocabulary.ts'
import type { ActionRow } from './policy-data.ts'
import { trackedItems, type Figure, type Kpi, type Target, type Tracker } from './progress.service.ts'

/** The columns of the items download (README, "Policy progress"). */
export const itemColumns = [
  'key',
  'kind',
  'pillars',
  'titleEn',
  'titleUr',
  'clause',
  'targetValue',
  'unit',
  'per',
  'deadline',
  'lead',
  'status',
  'computedStatus',
  'statusReason',
  'latestValue',
  'latestOn',
  'comparator',
  'measure',
] as const
export const measurementColumns = [
  'item',
  'value',
  'measuredOn',
  'source',
  'evidenceUrl',
  'note',
  'corrects',
  'id',
  'recordedAt',
  // A figure's parts by province, where its measure is broken down so; blank where not known.
  ...FIGURE_PROVINCES.map((p) => `part_${p}` as const),
] as const

type ItemOut = Record<(typeof itemColumns)[number], string | number | null>
type MeasurementOut = Record<(typeof measurementColumns)[number], string | number | null>

/** A figure's parts as one column a province, blank where not known. */
const partColumns = (parts: readonly { province: string; value: number }[]) =>
  Object.fromEntries(FIGURE_PROVINCES.map((p) => [`part_${p}`, parts.find((x) => x.province === p)?.value ?? null])) as Record<
    `part_${FigureProvince}`,
    number | null
  >

/** Every tracked item and every figure recorded by hand (Mizan's own figures are in its indicator history). */
export async function progressOpenData(tracker: Tracker): Promise<{ items: ItemOut[]; measurements: MeasurementOut[] }> {
  const { db } = tracker
  const items = (await trackedItems(tracker)).map(({ item, status, computed, override, latest }): ItemOut => {
    const d = item.definition as Partial<Kpi & Target & Figure & ActionRow>
    return {
      key: item.key,
      kind: item.kind,
      pillars: item.pillars.join(';'),
      titleEn: d.en ?? d.target ?? null,
      titleUr: d.ur ?? d.titleUr ?? null,
      clause:
        d.clause ??
        (item.kind === 'action' ? `Action Matrix ${d.number}` : item.kind === 'kpi' ? `KPIs, pillar ${d.pillar}` : null),
      targetValue: d.value ?? null,
      unit: d.unit ?? null,
      per: d.per ?? null,
      deadline: item.deadline,
      lead: d.lead?.join(';') ?? null,
      status,
      computedStatus: computed,
      statusReason: override?.reason ?? null,
      comparator: d.comparator ?? null,
      measure: d.measure ?? null,
      latestValue: latest?.value ?? null,
      latestOn: latest?.measuredOn ?? null,
    }
  })
  const recorded = await repo.measurements(db)
  const parts = await repo.partsOfMeasurements(
    db,
    recorded.map((m) => m.id),
  )
  const measurements = recorded.map((m): MeasurementOut => ({
    item: m.itemKey,
    value: m.value,
    measuredOn: m.measuredOn,
    source: m.source,
    evidenceUrl: m.evidenceUrl,
    note: m.note,
    corrects: m.corrects,
    id: m.id,
    recordedAt: m.recordedAt.toISOString(),
    ...partColumns(parts.filter((x) => x.measurementId === m.id)),
  }))
  return { items, measurements }
}

/** The same as a workbook for the AI Council secretariat: one sheet of items, one of figures, headers frozen. */
export async function progressWorkbook(data: Awaited<ReturnType<typeof progressOpenData>>): Promise<Buffer> {
  // Loaded on the first workbook, not at start.
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  book.creator = 'Mizan'
  const sheet = (name: string, columns: readonly string[], rows: Record<string, unknown>[]) => {
    const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = columns.map((key) => ({ header: key, key, width: Math.min(60, Math.max(12, key.length + 2)) }))
    ws.addRows(rows)
    ws.getRow(1).font = { bold: true }
  }
  sheet('Items', itemColumns, data.items)
  sheet('Figures', measurementColumns, data.measurements)
  return Buffer.from(await book.xlsx.writeBuffer())
}
