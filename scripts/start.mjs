// npm start: the compiled server, built first when the sources have changed since the last build.
import { build, buildIsCurrent } from './build.mjs'

if (!buildIsCurrent()) {
  console.log('Building Mizan (TypeScript to JavaScript, once per change)…')
  try {
    build()
  } catch (err) {
    console.error(err.message)
    process.exit(1)
  }
}
await import('../dist/server.js')
