// The parts of jStat Mizan uses (the package ships no types).
declare module 'jstat' {
  type Ols = { coef: number[]; t: { se: number[] }; R2: number }
  const jStat: {
    models: { ols(endog: number[], exog: number[][]): Ols }
    studentt: { inv(p: number, dof: number): number }
  }
  export default jStat
}
