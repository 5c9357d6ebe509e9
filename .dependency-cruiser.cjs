/**
 * The boundaries between Mizan's parts, checked by `npm run lint` (docs/ARCHITECTURE.md explains them).
 * Paths are matched anywhere in the path, so the same rules can be proved on the fixture in test/boundaries/.
 */
const data = '(\\.repository\\.ts|\\.tables\\.ts)$'
const test = '\\.test\\.tsx?$'
const drizzle = '(^|/)node_modules/drizzle-orm/'

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: one of the two must not know the other. A cycle made only by type imports does not run.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'platform-not-to-features',
      severity: 'error',
      comment: 'The platform is written once for every feature, so it knows none of them.',
      from: { path: '(^|/)src/platform/', pathNot: test },
      to: { path: '(^|/)src/(modules/|features\\.ts)' },
    },
    {
      name: 'routes-and-views-not-to-data',
      severity: 'error',
      comment:
        'A request flows route → service → data → view: routes and views reach data only through a service. A view may know the shape of a row (a type import).',
      from: { path: '(\\.routes\\.tsx?|/views/[^/]+\\.tsx)$' },
      to: { path: [data, drizzle], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'queries-live-in-repositories',
      severity: 'error',
      comment:
        'Every query of a feature is in a repository. Tables and Drizzle are for repositories and tables, and for manifests, which name what the platform counts and seals.',
      from: {
        path: '(^|/)src/modules/',
        pathNot: ['(\\.repository\\.ts|\\.tables\\.ts|\\.feature\\.ts)$', test, '(\\.routes\\.tsx?|/views/[^/]+\\.tsx)$'],
      },
      to: { path: ['\\.tables\\.ts$', drizzle], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'features-meet-through-services',
      severity: 'error',
      comment: 'Features meet through services and panels, never through another feature’s repository or views.',
      from: { path: '(^|/)src/modules/([^/]+)/', pathNot: test },
      to: { path: '(^|/)src/modules/[^/]+/([^/]+\\.repository\\.ts|views/)', pathNot: '(^|/)src/modules/$2/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
}
