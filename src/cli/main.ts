/**
 * Headless journeys: `npm run trace -- <file> [--seed N] [--json] [--tables <namespace>|all]`.
 * Loads a lab or scenario file, runs it with the same engine the page uses, and prints one line
 * per hop, the whole trace as JSON (schema: scenarios/schema/trace.schema.json), or a
 * namespace's tables exactly as `ip`, `bridge`, `iptables-save -c` and `conntrack -L` print them.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { runLab, formatDiagnostic, type Diagnostic, type LabSpec } from '../engine'
import { formatHopLine } from '../engine/format/hop-line'
import { formatNetnsTables } from '../engine/format/tables-report'
import { tablesAtStep } from '../engine/tables/fold'
import { loadScenarioSource } from '../scenario'

const USAGE = `usage: npm run trace -- <file.yaml> [--seed N] [--json] [--tables <namespace>|all] [--step N] [--build]

  <file.yaml>        a lab file (top-level 'lab:') or a scenario file
  --seed N           seed for every random choice (endpoint pick, ports); default: the file's, else 1
  --json             print the whole trace as JSON (schema: scenarios/schema/trace.schema.json)
  --tables NS        print namespace NS's tables after the journey ('all' for every namespace)
  --step N           with --tables: the tables after hop N instead of after the journey
  --build            only build the lab (control plane) and summarise it; do not run the journey`

export interface CliArgs {
  file: string
  seed?: number
  json: boolean
  tables?: string
  step?: number
  build?: boolean
}

export function parseArgs(argv: string[]): CliArgs | string {
  const args: Partial<CliArgs> & { json: boolean } = { json: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    try {
      if (a === '--json') args.json = true
      else if (a === '--build') args.build = true
      else if (a === '--seed' || a === '--step') {
        const v = value()
        if (!/^\d+$/.test(v)) return `${a} expects a whole number, got '${v}'`
        args[a === '--seed' ? 'seed' : 'step'] = Number(v)
      } else if (a === '--tables') args.tables = value()
      else if (a === '-h' || a === '--help') return USAGE
      else if (a.startsWith('-')) return `unknown option '${a}'\n${USAGE}`
      else if (args.file) return `only one file, got '${args.file}' and '${a}'`
      else args.file = a
    } catch (e) {
      return (e as Error).message
    }
  }
  if (!args.file) return USAGE
  return args as CliArgs
}

export function runCli(argv: string[], read: (f: string) => string): { out: string; err: string; code: number } {
  const args = parseArgs(argv)
  if (typeof args === 'string') return { out: '', err: args + '\n', code: 2 }
  let source: string
  try {
    source = read(args.file)
  } catch (e) {
    return { out: '', err: `cannot read '${args.file}': ${(e as Error).message}\n`, code: 2 }
  }
  const loaded = loadScenarioSource(source, basename(args.file))
  const diags: Diagnostic[] = loaded.diagnostics.map((d) => ({ ...d, file: d.file ?? args.file }))
  const err = diags.map((d) => formatDiagnostic(d) + '\n').join('')
  if (!loaded.spec) return { out: '', err, code: 1 }
  if (args.build) return { out: summarise(loaded.spec), err, code: 0 }
  const { trace, diagnostics } = runLab(loaded.spec, args.seed !== undefined ? { seed: args.seed } : {})
  const runErr = err + diagnostics.map((d) => formatDiagnostic({ ...d, file: d.file ?? args.file }) + '\n').join('')
  if (!trace) return { out: '', err: runErr, code: 1 }
  if (args.json) return { out: JSON.stringify(trace, null, 2) + '\n', err: runErr, code: 0 }
  if (args.tables) {
    const tables = tablesAtStep(trace.initial, trace.hops, args.step)
    const chosen = args.tables === 'all' ? tables : tables.filter((t) => t.netns === args.tables)
    if (chosen.length === 0) return { out: '', err: `${runErr}no namespace '${args.tables}'; the lab has: ${tables.map((t) => t.netns).join(', ')}\n`, code: 2 }
    return { out: chosen.map((t) => `=== ${t.netns} ===\n${formatNetnsTables(t)}`).join('\n'), err: runErr, code: 0 }
  }
  const lines = trace.hops.map(formatHopLine).join('\n')
  return { out: `${lines}\n# ${trace.outcome.kind}: ${trace.outcome.summary}\n`, err: runErr, code: 0 }
}

/** What the control plane built, counted: one line per host and namespace kind, and iptables size. */
function summarise(spec: LabSpec): string {
  const rules = spec.netns.map((n) => (n.iptables ?? '').split('\n').filter((l) => l.startsWith('-A ')).length)
  const pods = spec.netns.filter((n) => n.kind === 'pod').length
  return [
    `lab ${spec.name}: ${spec.hosts.length} hosts, ${spec.netns.length} namespaces (${pods} pods), ${spec.apps.length} applications`,
    `links ${spec.netns.reduce((n, x) => n + x.links.length, 0)}, routes ${spec.netns.reduce((n, x) => n + (x.routes?.length ?? 0), 0)}, iptables rules ${rules.reduce((a, b) => a + b, 0)} (at most ${Math.max(0, ...rules)} in one namespace)`,
    spec.journey ? `journey from ${spec.journey.from} to ${spec.journey.dst}${spec.journey.dport ? `:${spec.journey.dport}` : ''} (${spec.journey.protocol})` : 'no journey',
    '',
  ].join('\n')
}

const isMain = process.argv[1] && /cli[/\\]main\.ts$/.test(process.argv[1])
if (isMain) {
  const { out, err, code } = runCli(process.argv.slice(2), (f) => readFileSync(f, 'utf8'))
  process.stdout.write(out)
  process.stderr.write(err)
  process.exitCode = code
}
