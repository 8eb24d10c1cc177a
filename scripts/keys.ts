// `npm run keys -- <command>`: manage API keys from the command line, with or without the
// server running (on the embedded Postgres it shares the server's). The first admin key is
// made here; after that, admins can also use /v1/keys.
import 'dotenv/config'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.js'
import { createDatabase } from '../src/db/client.js'
import { prepareDatabase } from '../src/db/prepare.js'
import { createApiKey, findApiKey, listApiKeys, revokeApiKey, SCOPE_DESCRIPTIONS, SCOPES, type Scope } from '../src/modules/keys/api-keys.js'

const USAGE = `Usage:
  npm run keys -- create --name <name> --scopes <scope,scope>   prints the new key (shown once)
  npm run keys -- list [--json]                                 every key: id, prefix, name, scopes, last use
  npm run keys -- revoke <id or prefix>                         the key stops working at once
  npm run keys -- --help                                        this text
Scopes (they add up; none implies another, admin implies all):
${SCOPES.map((scope) => `  ${scope.padEnd(21)} ${SCOPE_DESCRIPTIONS[scope]}`).join('\n')}
An editor (CMS) key is usually: --scopes content:write,content:read-drafts`

function fail (message: string): never {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, scopes: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }
})
const [command, target] = positionals
// Asking for help is not a mistake: usage on stdout, exit 0. No command at all is one.
if (values.help || command === 'help') {
  console.log(USAGE)
  process.exit(0)
}
if (command === undefined) fail('A command is needed.')
if (!['create', 'list', 'revoke'].includes(command)) fail(`Unknown command "${command}".`)

let scopes: Scope[] = []
if (command === 'create') {
  if (!values.name?.trim()) fail('create needs --name.')
  scopes = (values.scopes ?? '').split(',').map((scope) => scope.trim()).filter(Boolean) as Scope[]
  const unknown = scopes.filter((scope) => !SCOPES.includes(scope))
  if (scopes.length === 0 || unknown.length > 0) fail(`create needs --scopes from: ${SCOPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}.`)
}
if (command === 'revoke' && !target) fail('revoke needs the id or prefix of the key.')

const config = loadConfig()
const database = await prepareDatabase(config, (message) => console.error(`[database] ${message}`))
const { db, pool } = createDatabase(database.url, 2)
let exitCode = 0
try {
  if (command === 'create') {
    const created = await createApiKey(db, { name: values.name!.trim(), scopes: [...new Set(scopes)] })
    console.error(`Created key ${created.id} "${created.name}" (${created.scopes.join(', ')}). It is shown this once; store it now:`)
    console.log(created.key)
  } else if (command === 'list') {
    const rows = await listApiKeys(db, { limit: 10_000 })
    if (values.json) console.log(JSON.stringify(rows, null, 2))
    else if (rows.length === 0) console.error('No API keys yet. Create one with: npm run keys -- create --name admin --scopes admin')
    else {
      for (const row of rows) {
        const state = row.revokedAt ? `revoked ${row.revokedAt.toISOString()}` : `last used ${row.lastUsedAt?.toISOString() ?? 'never'}`
        console.log(`${row.id}  ${row.prefix}…  ${row.name}  [${row.scopes.join(', ')}]  ${state}`)
      }
    }
  } else {
    const key = await findApiKey(db, target!)
    if (!key) {
      console.error(`No single key has the id or prefix "${target}".`)
      exitCode = 1
    } else {
      const revoked = await revokeApiKey(db, key.id)
      console.log(`Revoked ${key.id} "${key.name}" at ${revoked?.revokedAt?.toISOString()}.`)
    }
  }
} finally {
  await db.$disconnect()
  await pool.end()
  await database.stop()
}
process.exit(exitCode)
