// The worker thread of `inWorker` (in-worker.ts): runs one async generator of a module and sends what it yields.
// Node 20 cannot start a worker on a TypeScript file, so this plain module registers the TypeScript loader first.
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const { module, name, args, ahead } = workerData
let credit = ahead
let wake = () => {}
parentPort.on('message', () => {
  credit++
  wake()
})
const generate = (await import(module))[name]
for await (const item of generate(...args)) {
  while (credit === 0) await new Promise((resolve) => (wake = resolve))
  credit--
  parentPort.postMessage({ item })
}
parentPort.postMessage({ end: true })
