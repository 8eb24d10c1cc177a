import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { ConfigSchema } from '../../src/config.js'
import { validateEnvironment } from '../../src/config-validation.js'
import { compiledConfigValidation } from '../../scripts/config-validator.js'

// The bundle `npm start` runs checks its configuration with code generated at build time;
// the sources (and every other test) with env-schema. Both must answer alike: the same
// values, defaults and dropped variables, and the same message for every mistake.
const ENVIRONMENTS: Array<Record<string, string>> = [
  {},
  { PORT: '8080', SEED_SAMPLE_CONTENT: 'false', NODE_ENV: 'test', PATH: '/usr/bin', HOME: '/root' },
  { PORT: 'abc' },
  { PORT: '1.5', LOG_LEVEL: 'loud', NODE_ENV: 'prod' },
  { PORT: '70000', RATE_LIMIT_PER_IP: '0', WEBHOOK_WORKER: 'yes' },
  { DATABASE_URL: 'mysql://localhost/x', REDIS_URL: 'http://cache', CDN_PURGE_SECRET: 'secret' },
  { PUBLICATION_LANGUAGE: 'en-GB', PUBLIC_ARTICLE_URL: 'https://news.example/{slug}', TRUST_PROXY: '10.0.0.0/8' },
  { PUBLICATION_LANGUAGE: 'English', PUBLIC_SITE_URL: 'news.example' }
]

function answer (validate: typeof validateEnvironment, data: Record<string, string>): unknown {
  try {
    return { config: validate(ConfigSchema, { ...data }) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

t.test('the configuration check compiled at build time answers as env-schema does', async (t) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'newsdesk-config-check-'))
  t.teardown(() => rmSync(folder, { recursive: true, force: true }))
  const file = path.join(folder, 'config-validation.mjs')
  // The bundle resolves Ajv's runtime helpers; here, a require from this project does.
  const requireHere = `import { createRequire } from 'node:module'; const require = createRequire(${JSON.stringify(pathToFileURL(path.resolve('package.json')).href)});\n`
  writeFileSync(file, requireHere + compiledConfigValidation(ConfigSchema))
  const compiled = await import(pathToFileURL(file).href) as { validateEnvironment: typeof validateEnvironment }
  for (const data of ENVIRONMENTS) {
    t.same(answer(compiled.validateEnvironment, data), answer(validateEnvironment, data), JSON.stringify(data))
  }
  t.match(answer(compiled.validateEnvironment, { PORT: 'abc' }), { error: 'env/PORT must be integer' })
})
