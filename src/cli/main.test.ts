import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT, MAX_DIAGNOSTICS, main, parseArgs, runCli, USAGE } from './main'

const fixtures = join(import.meta.dirname, '../scenario/__fixtures__')
const read = (f: string) => readFileSync(f, 'utf8')
const lab = join(fixtures, 'two-pods-one-node.lab.yaml')

describe('parseArgs', () => {
  it('reads the file, seed, json and tables options', () => {
    expect(parseArgs(['x.yaml', '--seed', '3', '--json'])).toEqual({ file: 'x.yaml', seed: 3, json: true })
    expect(parseArgs(['x.yaml', '--tables', 'node1', '--step', '5'])).toMatchObject({ tables: 'node1', step: 5 })
  })

  it('explains what is wrong with bad options', () => {
    expect(parseArgs(['x.yaml', '--seed', 'two'])).toMatch(/--seed expects a whole number from 0 to 4294967295, got 'two'/)
    expect(parseArgs(['x.yaml', '--frobnicate'])).toMatch(/unknown option '--frobnicate'/)
    expect(parseArgs([])).toMatch(/^no file given\nusage:/)
  })

  it('takes seeds from 0 to 2^32-1 and nothing else', () => {
    expect(parseArgs(['x.yaml', '--seed', '0'])).toMatchObject({ seed: 0 })
    expect(parseArgs(['x.yaml', '--seed', '4294967295'])).toMatchObject({ seed: 4294967295 })
    for (const bad of ['4294967296', '-1', '1.5', '1e3', '', '0x10'])
      expect(parseArgs(['x.yaml', '--seed', bad]), bad).toMatch(/^--seed expects a whole number/)
    expect(parseArgs(['x.yaml', '--seed'])).toMatch(/^--seed needs a value/)
  })

  it('takes a step of 1 or more, and only with --tables', () => {
    expect(parseArgs(['x.yaml', '--tables', 'all', '--step=1'])).toMatchObject({ step: 1 })
    for (const bad of ['0', '-3', 'two', '2.0'])
      expect(parseArgs(['x.yaml', '--tables', 'all', '--step', bad]), bad).toMatch(/^--step expects a whole number of 1 or more/)
    expect(parseArgs(['x.yaml', '--step', '3'])).toMatch(/^--step only applies with --tables/)
  })

  it('reads - as stdin and -h/--help as a request for help', () => {
    expect(parseArgs(['-', '--json'])).toEqual({ file: '-', json: true })
    expect(parseArgs(['-h'])).toEqual({ help: true })
    expect(parseArgs(['x.yaml', '--help'])).toEqual({ help: true })
  })
})

describe('runCli', () => {
  it('prints one line per hop and the outcome', () => {
    const { out, code } = runCli([lab], read)
    expect(code).toBe(0)
    const lines = out.trim().split('\n')
    expect(lines[0]).toMatch(/^\s*1\s+0\.000ms\s+node1\/pod-a\s+app\.send/)
    expect(lines.at(-1)).toMatch(/^# completed: The client received the answer/)
  })

  it('prints a namespace’s tables in real command formats', () => {
    const { out, code } = runCli([lab, '--tables', 'node1'], read)
    expect(code).toBe(0)
    expect(out).toContain('$ ip route\n')
    expect(out).toContain('10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n')
    expect(out).toContain('$ bridge fdb show\n')
  })

  it('prints the whole trace as JSON', () => {
    const { out } = runCli([lab, '--json'], read)
    const trace = JSON.parse(out)
    expect(trace.version).toBe(1)
    expect(trace.hops.length).toBeGreaterThan(10)
  })

  it('names an unknown namespace and lists the real ones', () => {
    const { err, code } = runCli([lab, '--tables', 'node9'], read)
    expect(code).toBe(2)
    expect(err).toMatch(/no namespace 'node9'; the lab has: node1, /)
  })

  it('reports file errors with line and column and exits 1', () => {
    const bad = join(fixtures, 'bad')
    const file = readdirSync(bad).find((f) => f.endsWith('.lab.yaml'))!
    const { err, code } = runCli([join(bad, file)], read)
    expect(code).toBe(1)
    expect(err).toMatch(/\.lab\.yaml:\d+:\d+: error: /)
  })

  it('says when the file cannot be read', () => {
    const { err, code } = runCli(['/nonexistent.yaml'], read)
    expect(code).toBe(2)
    expect(err).toMatch(/cannot read '\/nonexistent.yaml'/)
  })

  it('builds a 100-node, 5,000-Service cluster from a scenario file without error (--build; timed in npm run bench)', { timeout: 120_000 }, () => {
    const nodes = Array.from({ length: 100 }, (_, i) => `    - { name: node${i}, ip: 192.168.${Math.floor(i / 200)}.${10 + (i % 200)} }`).join('\n')
    const pods = Array.from({ length: 200 }, (_, i) => `  - { kind: Pod, metadata: { name: web-${i}, labels: { app: web${i % 50} } }, spec: { nodeName: node${i % 100}, containers: [{ name: app, ports: [{ containerPort: 8080 }] }] } }`).join('\n')
    const services = Array.from({ length: 5000 }, (_, i) => `  - { kind: Service, metadata: { name: svc${i} }, spec: { selector: { app: web${i % 50} }, ports: [{ port: 80, targetPort: 8080 }] } }`).join('\n')
    const file = `meta: { title: { en: big, zh: 大 } }\ncluster:\n  nodeNetwork: { cidr: 192.168.0.0/16 }\n  nodes:\n${nodes}\nresources:\n${pods}\n${services}\njourney: { from: { pod: web-0 }, to: { pod: web-1, port: 8080 } }\n`
    const { out, err, code } = runCli(['big.yaml', '--build'], () => file)
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(out).toMatch(/^lab big: 100 hosts, 300 namespaces \(200 pods\)/)
    expect(out).toMatch(/at most \d{5} in one namespace/)
  })
})

describe('runCli diagnostics', () => {
  it(`prints the first ${MAX_DIAGNOSTICS} diagnostics and counts the rest`, () => {
    const source = readFileSync(lab, 'utf8') + Array.from({ length: 60 }, (_, i) => `bogus${i}: 1\n`).join('')
    const { err, code } = runCli(['many.lab.yaml'], () => source)
    expect(code).toBe(EXIT.badInput)
    const lines = err.trimEnd().split('\n')
    expect(lines.filter((l) => / error: /.test(l))).toHaveLength(MAX_DIAGNOSTICS)
    expect(lines.at(-1)).toBe('… and 10 more (60 errors in all)')
  })

  it('counts what the loader left out of a flood of 20,000 problems', () => {
    const source = readFileSync(lab, 'utf8') + Array.from({ length: 20_000 }, (_, i) => `bogus${i}: 1\n`).join('')
    const { err, code } = runCli(['many.lab.yaml'], () => source)
    expect(code).toBe(EXIT.badInput)
    expect(err.length).toBeLessThan(20_000)
    expect(err.trimEnd().split('\n').at(-1)).toBe('… and 19950 more (20000 errors in all)')
  })
})

describe('main', () => {
  const io = () => {
    const out: string[] = []
    const err: string[] = []
    return { out, err, io: { read, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) } }
  }

  it('turns an exception into one "internal error" line and exit code 3', () => {
    const { err, io: cli } = io()
    const code = main([lab], cli, () => {
      throw new TypeError('boom')
    })
    expect(code).toBe(EXIT.internal)
    expect(err.join('')).toMatch(/^internal error: TypeError: boom\nThis is a bug in Packet Journeys.*Please report it.*--debug/)
    expect(err.join('')).not.toMatch(/\n\s+at /)
  })

  it('prints the stack of an internal error with --debug', () => {
    const { err, io: cli } = io()
    main([lab, '--debug'], cli, () => {
      throw new TypeError('boom')
    })
    expect(err.join('')).toMatch(/^internal error: TypeError: boom\n\s+at /)
  })
})

/** The CLI as a user runs it: a real process, real stdin, stdout, stderr and exit code. */
describe('the trace command', { timeout: 60_000 }, () => {
  const root = join(import.meta.dirname, '../..')
  const tsx = join(root, 'node_modules/.bin/tsx')
  const cli = (args: string[], input?: string) => {
    const r = spawnSync(tsx, ['src/cli/main.ts', ...args], { cwd: root, input, encoding: 'utf8' })
    return { out: r.stdout, err: r.stderr, code: r.status }
  }
  const labPath = 'src/scenario/__fixtures__/two-pods-one-node.lab.yaml'

  it('prints usage on stdout and exits 0 for --help and -h', () => {
    for (const flag of ['--help', '-h']) {
      const r = cli([flag])
      expect(r).toEqual({ out: USAGE + '\n', err: '', code: EXIT.ok })
    }
  })

  it('runs a journey and exits 0', () => {
    const r = cli([labPath])
    expect(r.code).toBe(EXIT.ok)
    expect(r.err).toBe('')
    expect(r.out).toMatch(/\n# completed: /)
  })

  it('reads the file from stdin when the path is -', () => {
    const r = cli(['-', '--tables', 'node1'], readFileSync(join(root, labPath), 'utf8'))
    expect(r.code).toBe(EXIT.ok)
    expect(r.out).toMatch(/^=== node1 ===\n\$ ip -br addr\n/)
  })

  it('names stdin in the diagnostics of a bad file read from -, and exits 1', () => {
    const bad = readFileSync(join(fixtures, 'bad/unknown-key.lab.yaml'), 'utf8')
    const r = cli(['-'], bad)
    expect(r.code).toBe(EXIT.badInput)
    expect(r.out).toBe('')
    expect(r.err).toMatch(/^<stdin>:\d+:\d+: error: /)
  })

  it('exits 2 with a clear message for bad usage', () => {
    const cases: [string[], RegExp][] = [
      [[labPath, '--frobnicate'], /^unknown option '--frobnicate' \(see 'npm run trace -- --help'\)\n$/],
      [[labPath, '--seed', '4294967296'], /^--seed expects a whole number from 0 to 4294967295, got '4294967296'\n$/],
      [[labPath, '--tables', 'all', '--step', '0'], /^--step expects a whole number of 1 or more, got '0'\n$/],
      [[], /^no file given\nusage: /],
      [['/nonexistent.yaml'], /^cannot read '\/nonexistent.yaml': ENOENT/],
    ]
    for (const [args, message] of cases) {
      const r = cli(args)
      expect(r, args.join(' ')).toMatchObject({ out: '', code: EXIT.badUsage })
      expect(r.err, args.join(' ')).toMatch(message)
    }
  })

  it('reports an unexpected exception as an internal error with exit 3, its stack only with --debug', () => {
    // A real failure mode: a trace too big for one string makes JSON.stringify throw RangeError.
    const tooBig =
      'data:text/javascript,const o=JSON.stringify;JSON.stringify=function(v,...r){if(v&&v.hops)throw new RangeError("Invalid string length");return o.call(this,v,...r)}'
    const run = (extra: string[]) => {
      const r = spawnSync(tsx, ['--import', tooBig, 'src/cli/main.ts', labPath, '--json', ...extra], { cwd: root, encoding: 'utf8' })
      return { out: r.stdout, err: r.stderr, code: r.status }
    }
    const plain = run([])
    expect(plain.code).toBe(EXIT.internal)
    expect(plain.out).toBe('')
    expect(plain.err).toBe(
      'internal error: RangeError: Invalid string length\n' +
        'This is a bug in Packet Journeys, not in your file. Please report it with the file and the command line (add --debug for the stack trace).\n',
    )
    const debug = run(['--debug'])
    expect(debug.code).toBe(EXIT.internal)
    expect(debug.err).toMatch(/^internal error: RangeError: Invalid string length\n\s+at [^]*at runCli .*main\.ts/)
  })

  it('writes the journey as pcapng with --pcap and still prints the hops', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pj-cli-'))
    const r = cli([labPath, '--pcap', join(dir, 'out.pcapng')])
    expect(r.code).toBe(EXIT.ok)
    expect(r.out).toMatch(/\n# completed: /)
    const bytes = readFileSync(join(dir, 'out.pcapng'))
    expect(bytes.readUInt32LE(0)).toBe(0x0a0d0d0a)
    expect(cli([labPath, '--pcap', join(dir, 'no/such/dir.pcapng')])).toMatchObject({ code: EXIT.badUsage, err: expect.stringMatching(/^cannot write /) })
  })

  it('stops quietly with exit 0 when the reader of a pipe goes away (| head -1)', () => {
    // 870 KB of JSON: far more than a pipe buffer, so writes fail with EPIPE after head exits.
    const r = spawnSync('bash', ['-c', `"${tsx}" src/cli/main.ts scenarios/pod-to-service.yaml --json | head -1; echo "status \${PIPESTATUS[0]}" >&2`], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(r.stdout).toBe('{\n')
    expect(r.stderr).toBe('status 0\n')
  })
})
