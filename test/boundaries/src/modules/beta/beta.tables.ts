export const things = { id: 'id' }
