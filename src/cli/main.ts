/**
 * Headless journeys: `npm run trace -- <file or -> [--seed N] [--json] [--tables <namespace>|all]`.
 * Loads a lab or scenario file, runs it with the same engine the page uses, and prints one line
 * per hop, the whole trace as JSON (schema: scenarios/schema/trace.schema.json), or a
 * namespace's tables exactly as `ip`, `bridge`, `iptables-save -c` and `conntrack -L` print them.
 * Exit codes: 0 ok, 1 the file has errors, 2 bad usage, 3 internal error (see USAGE).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { runLab, formatDiagnostic, type Diagnostic, type LabSpec } from '../engine'
import { formatHopLine } from '../engine/format/hop-line'
import { formatNetnsTables } from '../engine/format/tables-report'
import { tablesAtStep } from '../engine/tables/fold'
import { loadScenarioSource } from '../scenario'
import { traceToPcapng } from '../engine/trace/pcapng'

export const USAGE = `usage: npm run trace -- <file.yaml | -> [options]

  <file.yaml>        a lab file (top-level 'lab:') or a scenario file; '-' reads it from stdin
  --seed N           seed for every random choice (endpoint pick, ports), 0..4294967295;
                     default: the file's, else 1
  --json             print the whole trace as JSON (schema: scenarios/schema/trace.schema.json)
  --tables NS        print namespace NS's tables after the journey ('all' for every namespace)
  --step N           with --tables: the tables after hop N (1 or more) instead of after the journey
  --pcap FILE        also write the journey as a pcapng capture (every device it crossed) to FILE
  --build            only build the lab (control plane) and summarise it; do not run the journey
  --debug            on an internal error, print the stack trace
  -h, --help         print this help

exit codes: 0 ok, 1 the file has errors, 2 bad usage (unknown option, bad value, unreadable
file), 3 internal error (a bug: please report it)`

/** Exit codes; scripts and CI tell "my file is wrong" from "I called it wrong" from "it broke". */
export const EXIT = { ok: 0, badInput: 1, badUsage: 2, internal: 3 } as const

/** Diagnostics printed before the rest are summarised: a 5,000-Service file with one systematic
 *  mistake would otherwise scroll its first, most useful errors away. */
export const MAX_DIAGNOSTICS = 50

const MAX_SEED = 2 ** 32 - 1

export interface CliArgs {
  file: string
  seed?: number
  json: boolean
  tables?: string
  step?: number
  build?: boolean
  debug?: boolean
  pcap?: string
}

/** The parsed arguments, `{ help }` for -h/--help, or a usage error to print. */
export function parseArgs(argv: string[]): CliArgs | { help: true } | string {
  const args: Partial<CliArgs> & { json: boolean } = { json: false }
  const seeHelp = " (see 'npm run trace -- --help')"
  let onlyFiles = false
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i]!
    let inline: string | undefined
    if (!onlyFiles && /^--[a-z-]+=/.test(a)) [a, inline] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
    const value = (): string | undefined => inline ?? argv[++i]
    if (onlyFiles || a === '-' || !a.startsWith('-')) {
      if (args.file !== undefined) return `only one file, got '${args.file}' and '${a}'`
      args.file = a
    } else if (a === '--') onlyFiles = true
    else if (a === '-h' || a === '--help') return { help: true }
    else if (a === '--json' || a === '--build' || a === '--debug') {
      if (inline !== undefined) return `${a} takes no value, got '${a}=${inline}'`
      args[a === '--json' ? 'json' : a === '--build' ? 'build' : 'debug'] = true
    } else if (a === '--seed' || a === '--step') {
      const v = value()
      if (v === undefined) return `${a} needs a value${seeHelp}`
      const n = /^\d+$/.test(v) ? Number(v) : NaN
      if (a === '--seed' && !(n <= MAX_SEED)) return `--seed expects a whole number from 0 to ${MAX_SEED}, got '${v}'`
      if (a === '--step' && !(n >= 1 && Number.isSafeInteger(n))) return `--step expects a whole number of 1 or more, got '${v}'`
      args[a === '--seed' ? 'seed' : 'step'] = n
    } else if (a === '--pcap') {
      const v = value()
      if (v === undefined || v === '') return `--pcap needs a file name${seeHelp}`
      args.pcap = v
    } else if (a === '--tables') {
      const v = value()
      if (v === undefined || v === '') return `--tables needs a namespace name or 'all'${seeHelp}`
      args.tables = v
    } else return `unknown option '${a}'${seeHelp}`
  }
  if (args.file === undefined) return `no file given\n${USAGE}`
  if (args.step !== undefined && args.tables === undefined) return `--step only applies with --tables${seeHelp}`
  return args as CliArgs
}

/** What `-` is called in diagnostics. */
export const STDIN_NAME = '<stdin>'

/** `file:line:col: …` lines, the first MAX_DIAGNOSTICS of them, then how many were left out. */
export function formatDiagnostics(diags: Diagnostic[], file: string): string {
  // The loader already cut a flood down to its first hundred plus a summary that counts the rest.
  const omitted = diags.at(-1)?.omitted
  const listed = omitted ? diags.slice(0, -1) : diags
  const shown = listed.slice(0, MAX_DIAGNOSTICS).map((d) => formatDiagnostic({ ...d, file: d.file ?? file }) + '\n')
  const rest = listed.length - shown.length + (omitted?.count ?? 0)
  const errors = listed.filter((d) => d.severity === 'error').length + (omitted?.errors ?? 0)
  if (rest > 0) shown.push(`… and ${rest} more (${errors} errors in all)\n`)
  return shown.join('')
}

export interface CliResult {
  out: string
  err: string
  code: number
  /** Binary files to write (--pcap), written by main. */
  files?: { path: string; bytes: Uint8Array }[]
}

export function runCli(argv: string[], read: (f: string) => string): CliResult {
  const args = parseArgs(argv)
  if (typeof args === 'string') return { out: '', err: args + '\n', code: EXIT.badUsage }
  if ('help' in args) return { out: USAGE + '\n', err: '', code: EXIT.ok }
  const file = args.file === '-' ? STDIN_NAME : args.file
  let source: string
  try {
    source = read(args.file)
  } catch (e) {
    return { out: '', err: `cannot read '${file}': ${(e as Error).message}\n`, code: EXIT.badUsage }
  }
  const loaded = loadScenarioSource(source, args.file === '-' ? 'stdin.yaml' : basename(args.file))
  // Diagnostics name the file as it was given on the command line, so an editor can jump to it.
  const diags: Diagnostic[] = loaded.diagnostics.map((d) => (args.file === '-' ? { ...d, file } : { ...d, file: d.file ?? file }))
  if (!loaded.spec) return { out: '', err: formatDiagnostics(diags, file), code: EXIT.badInput }
  if (args.build) return { out: summarise(loaded.spec), err: formatDiagnostics(diags, file), code: EXIT.ok }
  const { trace, diagnostics } = runLab(loaded.spec, args.seed !== undefined ? { seed: args.seed } : {})
  const runErr = formatDiagnostics([...diags, ...diagnostics], file)
  if (!trace) return { out: '', err: runErr, code: EXIT.badInput }
  const files = args.pcap ? { files: [{ path: args.pcap, bytes: traceToPcapng(trace) }] } : {}
  if (args.json) return { out: JSON.stringify(trace, null, 2) + '\n', err: runErr, code: EXIT.ok, ...files }
  if (args.tables) {
    if (args.step !== undefined && args.step > trace.hops.length)
      return { out: '', err: `${runErr}--step ${args.step} is past the journey's last hop (${trace.hops.length})\n`, code: EXIT.badUsage }
    const tables = tablesAtStep(trace.initial, trace.hops, args.step)
    const chosen = args.tables === 'all' ? tables : tables.filter((t) => t.netns === args.tables)
    if (chosen.length === 0) return { out: '', err: `${runErr}no namespace '${args.tables}'; the lab has: ${tables.map((t) => t.netns).join(', ')}\n`, code: EXIT.badUsage }
    return { out: chosen.map((t) => `=== ${t.netns} ===\n${formatNetnsTables(t)}`).join('\n'), err: runErr, code: EXIT.ok, ...files }
  }
  const lines = trace.hops.map(formatHopLine).join('\n')
  return { out: `${lines}\n# ${trace.outcome.kind}: ${trace.outcome.summary}\n`, err: runErr, code: EXIT.ok, ...files }
}

export interface CliIo {
  read: (file: string) => string
  stdout: (text: string) => void
  stderr: (text: string) => void
  write?: (file: string, bytes: Uint8Array) => void
}

/** runCli behind a last line of defence: an exception is a bug, reported in one line (the stack
 *  only with --debug) with exit code 3, never as Node's raw crash dump. Returns the exit code. */
export function main(argv: string[], io: CliIo, run = runCli): number {
  try {
    const { out, err, code, files } = run(argv, io.read)
    for (const f of files ?? []) {
      try {
        io.write?.(f.path, f.bytes)
      } catch (e) {
        io.stderr(`cannot write '${f.path}': ${(e as Error).message}\n`)
        return EXIT.badUsage
      }
    }
    io.stdout(out)
    io.stderr(err)
    return code
  } catch (e) {
    const debug = argv.includes('--debug')
    const what = e instanceof Error ? (debug && e.stack ? e.stack : `${e.name}: ${e.message}`) : String(e)
    io.stderr(
      `internal error: ${what}\n` +
        `This is a bug in Packet Journeys, not in your file. Please report it with the file and the command line` +
        (debug ? '.\n' : ` (add --debug for the stack trace).\n`),
    )
    return EXIT.internal
  }
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
  // `npm run trace -- x.yaml --json | head -1`: once head exits, writes fail with EPIPE. The
  // reader has what it wanted, so stop quietly with 0 instead of printing Node's stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok)
    throw e
  })
  process.exitCode = main(process.argv.slice(2), {
    read: (f) => readFileSync(f === '-' ? 0 : f, 'utf8'),
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    write: (f, bytes) => writeFileSync(f, bytes),
  })
}
