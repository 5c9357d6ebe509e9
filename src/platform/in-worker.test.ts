import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'node:test'
import { inWorker } from './in-worker.ts'

const generators = new URL('../test-support/worker-generators.ts', import.meta.url)

test('what a generator yields in a worker thread arrives whole and in order', async () => {
  const made = new Int32Array(new SharedArrayBuffer(4))
  const items: { i: number; text: string }[] = []
  for await (const item of inWorker<{ i: number; text: string }>(generators, 'counting', [500, made])) items.push(item)
  assert.deepEqual(
    items,
    Array.from({ length: 500 }, (_, i) => ({ i, text: `item ${i}` })),
  )
})

test('the worker reads no further ahead than it is asked, however much there is', async () => {
  const made = new Int32Array(new SharedArrayBuffer(4))
  const items = inWorker(generators, 'counting', [1000, made], 3)
  await items.next()
  // Given time to run ahead, the worker has made the item taken and three more, and then waits.
  await sleep(200)
  assert.ok(Atomics.load(made, 0) <= 1 + 3 + 1, `made ${Atomics.load(made, 0)}`)
  await items.return(undefined)
})

test('a worker that stops before its end is an error, never a shorter list', async () => {
  const taken: number[] = []
  await assert.rejects(async () => {
    for await (const item of inWorker<number>(generators, 'stoppingEarly', [])) taken.push(item)
  }, /stopped before its end \(exit code 3\)/)
  assert.deepEqual(taken, [1, 2])
})

test("an error in the worker's generator is thrown where its items are taken", async () => {
  await assert.rejects(async () => {
    for await (const _ of inWorker(generators, 'failing', [])) void _
  }, /the file could not be read/)
})
