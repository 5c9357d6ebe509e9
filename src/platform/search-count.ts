/**
 * Matches are counted exactly up to this many, and beyond it only said to be more: a count of every match costs as
 * much as reading every match, and nobody pages through a thousand. The register and the incident database share it.
 */
export const COUNT_CAP = 1000
