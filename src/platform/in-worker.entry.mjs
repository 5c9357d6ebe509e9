// The worker thread of `inWorker` (in-worker.ts): runs one async generator of a module and sends what it yields.
// Node cannot start a worker on a TypeScript file, so this plain module registers the TypeScript loader first when
// the module is a source file; a compiled build (npm run build) runs its JavaScript as it is, with no loader.
import { parentPort, workerData } from 'node:worker_threads'

const { module, name, args, ahead } = workerData
if (/\.tsx?$/.test(module)) (await import('tsx/esm/api')).register()
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
