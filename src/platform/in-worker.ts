import { Worker } from 'node:worker_threads'

/** What the worker sends: an item its generator yielded, or that the generator has finished. */
type Message<T> = { item: T } | { end: true }

/**
 * Runs an async generator function that a module exports in a worker thread, and yields what it yields: heavy reading
 * (parsing a large file) runs on another core beside the main thread's own work with what it reads. The worker keeps
 * at most `ahead` items waiting to be taken, so memory stays flat however much it reads. Arguments and items cross
 * by structured clone; an error in the worker is thrown here, and leaving early stops the worker.
 */
export async function* inWorker<T>(module: URL, name: string, args: unknown[], ahead = 2): AsyncGenerator<T> {
  const worker = new Worker(new URL('./in-worker.entry.mjs', import.meta.url), {
    workerData: { module: module.href, name, args, ahead },
  })
  const waiting: T[] = []
  let ended = false
  let failure: Error | undefined
  let wake = () => {}
  worker.on('message', (m: Message<T>) => {
    if ('end' in m) ended = true
    else waiting.push(m.item)
    wake()
  })
  worker.on('error', (err) => {
    failure = err
    wake()
  })
  // A worker that stops before its end, however, has not read everything: that is never taken as the end.
  worker.on('exit', (code) => {
    if (!ended) failure ??= new Error(`worker stopped before its end (exit code ${code})`)
    wake()
  })
  try {
    for (;;) {
      if (waiting.length) {
        // Each item taken lets the worker read one more.
        worker.postMessage('next')
        yield waiting.shift()!
      } else if (failure) throw failure
      else if (ended) return
      else await new Promise<void>((resolve) => (wake = resolve))
    }
  } finally {
    await worker.terminate()
  }
}
