/**
 * `npm run schema`: regenerate scenarios/schema/trace.schema.json — the schema of what
 * `npm run trace -- <file> --json` prints — from the TypeScript types in engine/trace/events.ts,
 * so the two cannot drift (trace-schema.test.ts fails when the committed file is stale).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createGenerator } from 'ts-json-schema-generator'

const root = join(import.meta.dirname, '../..')

const TRACE_SCHEMA_HEADER = {
  $id: 'https://packet-journeys.invalid/schema/trace.schema.json',
  title: 'Packet Journeys trace',
  description:
    'What `npm run trace -- <file> --json` prints and the page renders: the per-hop events of one journey in kernel vocabulary (src/engine/trace/events.ts), the topology, and every namespace’s tables before the first hop. Tables at step N are the initial tables with the deltas of hops 1..N applied.',
}


export function generateTraceSchema(): string {
  const schema = createGenerator({
    path: join(root, 'src/engine/trace/events.ts'),
    tsconfig: join(root, 'src/engine/tsconfig.json'),
    type: 'Trace',
    topRef: false,
    additionalProperties: false,
  }).createSchema('Trace')
  const { $schema, ...rest } = schema
  return JSON.stringify({ $schema, ...TRACE_SCHEMA_HEADER, ...rest }, null, 2) + '\n'
}

if (process.argv[1] && /trace-schema\.ts$/.test(process.argv[1])) {
  writeFileSync(join(root, 'scenarios/schema/trace.schema.json'), generateTraceSchema())
  console.log('wrote scenarios/schema/trace.schema.json')
}
