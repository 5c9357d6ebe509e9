// Wrong: a cycle through a value import.
import { two } from './alpha.other.ts'

export const one = 1
export const both = () => one + two
