import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'

// Apart from keys.test.ts, whose embedded-Postgres runs use most of a test file's time budget.
const run = promisify(execFile)

async function keys (...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

t.test('--help prints the usage and the scopes on stdout and exits 0; no command is a usage error', async (t) => {
  for (const flag of ['--help', '-h']) {
    const help = await keys(flag)
    t.equal(help.code, 0, `${flag} exits 0`)
    t.match(help.stdout, /Usage:[\s\S]*create --name[\s\S]*content:read-drafts +read drafts[\s\S]*content:write +create, change and delete content/)
  }
  const none = await keys()
  t.equal(none.code, 2)
  t.match(none.stderr, /A command is needed[\s\S]*Usage:/)
})
