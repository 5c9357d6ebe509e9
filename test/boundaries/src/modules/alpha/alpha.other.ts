import { one } from './alpha.service.ts'

export const two = one
