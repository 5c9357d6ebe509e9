import { spawn, type ChildProcess } from 'node:child_process'
import { entryArgs } from '../../scripts/build.mjs'

/**
 * How `npm start` runs the server: its compiled build when current (the suite builds first), else its source; asked
 * at each start, so that a build made after this module loaded (the bench makes one) is the one run.
 */
export const serverArgs = () => entryArgs('server')

export type RunningServer = { child: ChildProcess; base: string; output: () => string }

/**
 * Starts the server as its own process with these variables (and Node flags, if given), and waits for the line that
 * gives its address.
 */
export function startServer(env: Record<string, string>, nodeFlags: string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, [...nodeFlags, ...serverArgs()], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000)
    const onData = (chunk: Buffer) => {
      out += chunk
      const url = /Mizan is running at (http:\/\/\S+)/.exec(out)?.[1]?.replace('//localhost:', '//127.0.0.1:')
      if (url) {
        clearTimeout(timer)
        resolve({ child, base: url, output: () => out })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)))
  })
}

/** The exit code of a child process, once it has exited. */
export const exited = (child: ChildProcess) => new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))

/** Stops a server gracefully and gives its exit code. */
export async function stopServer(server: RunningServer) {
  const stopped = exited(server.child)
  server.child.kill('SIGTERM')
  return stopped
}
