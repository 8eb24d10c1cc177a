import { readFileSync } from 'node:fs'
import pg from 'pg'
import t from 'tap'
import { get_dmmf as getDmmf } from '@prisma/prisma-schema-wasm'
import { createTestDatabase } from '../helpers/database.js'

// Prisma Migrate cannot run here, so schema.prisma (what the client believes) and the SQL
// migrations (what the database is) are kept in step by comparing them directly.

interface DmmfField { name: string, dbName?: string | null, kind: string, type: string, isList: boolean, isRequired: boolean, nativeType?: [string, string[]] | null }
interface DmmfModel { name: string, dbName: string | null, fields: DmmfField[], primaryKey: { fields: string[] } | null }

const SCALAR_TO_UDT: Record<string, string> = { String: 'text', Int: 'int4', DateTime: 'timestamptz', Boolean: 'bool', BigInt: 'int8', Float: 'float8', Json: 'jsonb' }
const NATIVE_TO_UDT: Record<string, string> = { Uuid: 'uuid', Timestamptz: 'timestamptz' }

const schema = readFileSync('prisma/schema.prisma', 'utf8')
const dmmf = JSON.parse(getDmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] }))) as {
  datamodel: { models: DmmfModel[], enums: { name: string, values: { name: string }[] }[], indexes: { model: string, type: string, dbName?: string | null, fields: { name: string }[] }[] }
}

/** Prisma names an unnamed @unique "<table>_<columns>_key". */
function prismaDefaultUniqueName (modelName: string, fieldNames: string[]): string {
  const model = dmmf.datamodel.models.find((m) => m.name === modelName)!
  const columns = fieldNames.map((name) => model.fields.find((f) => f.name === name)?.dbName ?? name)
  return `${model.dbName ?? model.name}_${columns.join('_')}_key`
}

t.test('schema.prisma and the migrations describe the same database', async (t) => {
  const database = await createTestDatabase()
  t.teardown(database.drop)
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  t.teardown(() => client.end())

  const { rows: columns } = await client.query<{ table_name: string, column_name: string, udt_name: string, is_nullable: string }>(
    "SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'")
  const { rows: indexes } = await client.query<{ indexname: string, tablename: string }>(
    "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public'")
  const { rows: enums } = await client.query<{ typname: string, labels: string[] }>(
    'SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname')

  const dbTables = new Set(columns.map((c) => c.table_name).filter((name) => name !== 'schema_migrations'))
  const modelTables = new Set(dmmf.datamodel.models.map((m) => m.dbName ?? m.name))
  t.same([...dbTables].sort(), [...modelTables].sort(), 'the same tables')

  const enumNames = new Set(dmmf.datamodel.enums.map((e) => e.name))
  for (const model of dmmf.datamodel.models) {
    const table = model.dbName ?? model.name
    const scalarFields = model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')
    const expected = scalarFields.map((f) => {
      const base = f.nativeType ? NATIVE_TO_UDT[f.nativeType[0]] : enumNames.has(f.type) ? f.type : SCALAR_TO_UDT[f.type]
      return `${f.dbName ?? f.name} ${f.isList ? '_' : ''}${base} ${f.isRequired || f.isList ? 'NOT NULL' : 'NULL'}`
    })
    // Unsupported("tsvector") fields are invisible to the DMMF; they are the only extra columns allowed.
    const actual = columns
      .filter((c) => c.table_name === table && c.udt_name !== 'tsvector')
      .map((c) => `${c.column_name} ${c.udt_name} ${c.is_nullable === 'YES' ? 'NULL' : 'NOT NULL'}`)
    t.same(actual.sort(), expected.sort(), `columns of ${table}`)
  }

  for (const e of dmmf.datamodel.enums) {
    t.same(enums.find((row) => row.typname === e.name)?.labels, e.values.map((v) => v.name), `enum ${e.name}`)
  }

  const declared = dmmf.datamodel.indexes
    .filter((index) => index.type !== 'id')
    .map((index) => index.dbName ?? prismaDefaultUniqueName(index.model, index.fields.map((f) => f.name)))
  const actualIndexes = indexes.map((i) => i.indexname).filter((name) => !name.endsWith('_pkey') && !name.startsWith('schema_migrations'))
  t.same(actualIndexes.sort(), declared.sort(), 'the same indexes')
})
