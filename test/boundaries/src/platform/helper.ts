// Wrong: the platform knowing a feature.
import { one } from '../modules/alpha/alpha.service.ts'

export const helper = one
