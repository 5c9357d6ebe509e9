// Wrong twice: a route reading a repository, and one feature using another's view.
import { rows } from './alpha.repository.ts'
import { page } from '../beta/views/page.tsx'

export const route = [rows, page]
