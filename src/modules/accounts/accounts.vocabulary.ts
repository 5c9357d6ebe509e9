// The words accounts records use: stored in its tables, offered in its forms, accepted by its API.

export const organisationTypes = [
  'federal_ministry',
  'provincial_department',
  'district_government',
  'municipal_government',
  'autonomous_body',
  'regulator',
  'public_body',
  'company',
  'academia',
  'auditing_firm',
  'civil_society',
] as const

export const provinces = [
  'federal',
  'punjab',
  'sindh',
  'khyber_pakhtunkhwa',
  'balochistan',
  'gilgit_baltistan',
  'azad_kashmir',
  'islamabad',
] as const
