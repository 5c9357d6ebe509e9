import type { Deps } from '../../platform/deps.ts'
import { PAKISTAN_OFFSET_MS } from '../../platform/clock.ts'
import { actorByEmail } from '../accounts/accounts.service.ts'
import { createCall, publishCall, type CallInput } from './calls.service.ts'
import * as repo from './programmes.repository.ts'
import type { Programme } from './programmes.vocabulary.ts'

const DAY = 24 * 60 * 60 * 1000

/** 5 pm in Pakistan, this many days from now: calls close at the end of a working day. */
function pakistanFivePm(now: Date, days: number): Date {
  const local = new Date(now.getTime() + PAKISTAN_OFFSET_MS + days * DAY)
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 17) - PAKISTAN_OFFSET_MS)
}

const demoCalls: { programme: Programme; staff: string; call: Omit<CallInput, 'opensAt' | 'closesAt'> }[] = [
  {
    programme: 'sandbox',
    staff: 'sandbox@demo.mizan.pk',
    call: {
      scheme: 'cohort',
      titleEn: 'Sandbox cohort: AI in public services (demonstration)',
      titleUr: 'سینڈ باکس گروپ: عوامی خدمات میں مصنوعی ذہانت (نمائش)',
      themeEn:
        'Testing AI that serves citizens directly: Urdu and regional-language assistants, document reading, eligibility checks.',
      themeUr:
        'شہریوں کو براہِ راست خدمات دینے والی مصنوعی ذہانت کی آزمائش: اردو اور علاقائی زبانوں کے معاون، دستاویزات پڑھنا، اہلیت کی جانچ۔',
      prioritySectors: ['governance_justice', 'health', 'education'],
      places: 20,
    },
  },
  {
    programme: 'fund',
    staff: 'fund@demo.mizan.pk',
    call: {
      scheme: 'project',
      titleEn: 'AI project grants (demonstration)',
      titleUr: 'مصنوعی ذہانت کے منصوبوں کی گرانٹس (نمائش)',
      themeEn: 'Projects in academia and the private sector of up to PKR 1 million each (policy 2.1.1).',
      themeUr: 'تعلیمی اداروں اور نجی شعبے کے منصوبے، ہر ایک دس لاکھ روپے تک (پالیسی 2.1.1)۔',
      prioritySectors: ['agriculture', 'health', 'climate'],
      budgetPaisa: 100_000_000n * 100n,
    },
  },
  {
    programme: 'fund',
    staff: 'fund@demo.mizan.pk',
    call: {
      scheme: 'thesis',
      titleEn: 'AI thesis grants (demonstration)',
      titleUr: 'مصنوعی ذہانت کے مقالوں کی گرانٹس (نمائش)',
      themeEn: 'Theses and research materials of up to PKR 200,000 each (policy 2.1.1(d) and (e)).',
      themeUr: 'مقالے اور تحقیقی مواد، ہر ایک دو لاکھ روپے تک (پالیسی 2.1.1(د) اور (ہ))۔',
      prioritySectors: [],
      budgetPaisa: 40_000_000n * 100n,
    },
  },
]

/** On a demonstration copy, one open sandbox call and two fund calls, so that applying can be tried at once. */
export async function seedDemoCalls(deps: Deps): Promise<number> {
  // Once there is any call, the demonstration has been seeded (or real work has begun): add nothing. The count is the
  // demonstration's either way, so that seeding twice prints the same.
  if ((await repo.callsOf(deps.db, 'sandbox', false)).length || (await repo.callsOf(deps.db, 'fund', false)).length)
    return demoCalls.length
  for (const d of demoCalls) {
    const staff = await actorByEmail(deps.db, d.staff)
    if (!staff) continue
    const now = deps.clock.now()
    const id = await createCall(deps, staff, d.programme, {
      ...d.call,
      opensAt: new Date(now.getTime() - DAY),
      closesAt: pakistanFivePm(now, 60),
    })
    await publishCall(deps, staff, d.programme, id)
  }
  return demoCalls.length
}
