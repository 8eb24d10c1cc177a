import { readFileSync } from 'node:fs'
import semver from 'semver'
import t from 'tap'

// `npm install` on the oldest Node we claim must not warn EBADENGINE: every package in the
// lock file accepts it (overrides in package.json pin transitive ones that would not).
t.test('every locked package supports the oldest Node that package.json claims', async (t) => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }
  const oldest = semver.minVersion(pkg.engines.node)!
  t.ok(oldest, `engines.node is ${pkg.engines.node}`)
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string, engines?: { node?: string } | string[] }> }
  const refusing: string[] = []
  for (const [where, entry] of Object.entries(lock.packages)) {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node
    if (where === '' || range === undefined) continue
    if (!semver.satisfies(oldest, range)) refusing.push(`${where.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${range}`)
  }
  t.same(refusing, [], `all accept Node ${oldest.version}`)
})
