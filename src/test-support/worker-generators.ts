// Generators for the tests of `inWorker`, run in its worker thread.

/** 0, 1, … n − 1, each counted in `made` as it is made, so that a test can see how far ahead the worker reads. */
export async function* counting(n: number, made: Int32Array) {
  for (let i = 0; i < n; i++) {
    Atomics.add(made, 0, 1)
    yield { i, text: `item ${i}` }
  }
}

/** Two items, then the thread stops as a crash would stop it, before the generator's end. */
export async function* stoppingEarly() {
  yield 1
  yield 2
  process.exit(3)
}

/** One item, then an error. */
export async function* failing() {
  yield 1
  throw new Error('the file could not be read')
}
