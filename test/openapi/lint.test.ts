import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'

// The committed document passes Redocly's recommended rules with no error and no warning.
// Telemetry and the update check are off: the linter needs no network.

const run = promisify(execFile)

t.test('openapi/openapi.json lints clean with @redocly/cli (recommended rules)', async (t) => {
  const args = ['lint', '--config', 'openapi/redocly.yaml', '--format', 'json', 'openapi/openapi.json']
  const result = await run('node_modules/.bin/redocly', args, {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    timeout: 60_000
  }).catch((error: { stdout?: string, stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }))
  const start = result.stdout.indexOf('{')
  if (start === -1) throw new Error(`redocly printed no report:\n${result.stdout}\n${result.stderr}`)
  const report = JSON.parse(result.stdout.slice(start)) as {
    totals: { errors: number, warnings: number }
    problems: Array<{ ruleId: string, severity: string, message: string, location: Array<{ pointer: string }> }>
  }
  for (const problem of report.problems) {
    t.fail(`${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`)
  }
  t.same(report.totals, { ...report.totals, errors: 0, warnings: 0 }, 'no errors, no warnings')
})
