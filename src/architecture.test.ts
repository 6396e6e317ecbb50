/**
 * Layering rules (../shared/STYLE.md "The one rule", and the READMEs in src/engine, src/store and
 * src/worker), checked on every import of every .ts/.tsx file under src:
 *
 *   scenario ─► control-plane ─► engine        cli, kernel-oracle ─► scenario, control-plane, engine
 *   worker ─► scenario, control-plane, engine   (nobody imports cli or kernel-oracle)
 *   store ─► engine types, engine/format, engine/tables/fold
 *   ui ─► store, engine types, engine/format,   main.tsx ─► ui, store, worker
 *         engine/diagnostics, engine/trace/pcapng
 *
 * The TypeScript parser finds the specifiers (import, export … from, import(), import('x').T,
 * import.meta.glob, new URL(…, import.meta.url)); relative ones are resolved to a file, both
 * ends are mapped to a layer, and the edge is looked up in ALLOWED. The engine and the control
 * plane also may not reach UI libraries, node: modules, the DOM, wall-clock time or unseeded
 * randomness. Every violation names the file and line.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, posix, relative, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const src = join(import.meta.dirname)

const LAYERS = ['engine', 'control-plane', 'scenario', 'worker', 'store', 'ui', 'cli', 'kernel-oracle'] as const
/** `app` is the files directly in src/ (main.tsx: the page's entry). */
type Layer = (typeof LAYERS)[number] | 'app'

/** What a layer may import from other layers, as module prefixes under src/ (`engine/format`
 *  covers engine/format/*). `values`: any import; `types`: `import type` / `export type` only.
 *  Imports inside one's own layer are always allowed. */
interface Access {
  values?: readonly string[]
  types?: readonly string[]
}

const ALLOWED: Record<Layer, Access> = {
  engine: {},
  'control-plane': { values: ['engine'] },
  scenario: { values: ['control-plane', 'engine'] },
  // bridge.ts (main thread) is handed the store and calls setState on it: types only.
  worker: { values: ['scenario', 'control-plane', 'engine'], types: ['store'] },
  // The fold is shared so "tables at step N" has one implementation (store/README.md).
  store: { values: ['engine/format', 'engine/tables/fold'], types: ['engine', 'worker/protocol'] },
  // formatDiagnostic (engine/diagnostics.ts) is a pure formatter like engine/format.
  // engine/trace/pcapng turns a trace into bytes, purely (so does engine/format into text): the
  // lazily loaded Export menu writes the same capture the CLI's --pcap does.
  ui: { values: ['store', 'engine/format', 'engine/diagnostics', 'engine/trace/pcapng'], types: ['engine', 'worker'] },
  app: { values: ['ui', 'store', 'worker'], types: ['engine'] },
  cli: { values: ['scenario', 'control-plane', 'engine'] },
  'kernel-oracle': { values: ['scenario', 'control-plane', 'engine'] },
}

/** What tests (`*.test.ts`, `*.bench.ts`) may import on top of their layer's rules: real inputs
 *  and the shared test builders. Engine tests stay inside the engine. */
const TEST_EXTRA: Partial<Record<Layer, Access>> = {
  'control-plane': { values: ['scenario'] },
  worker: { values: ['store'] },
  store: { values: ['worker/testing'] },
  ui: { values: ['worker/testing', 'store'] },
  app: { values: ['scenario', 'control-plane', 'engine'] },
}

/** Layers that run in the Worker and in Node: no UI libraries, no node: modules. */
const PURE: readonly Layer[] = ['engine', 'control-plane']
const FORBIDDEN_PACKAGES = [/^react($|\/|-dom)/, /^@xyflow\//, /^zustand/, /^d3($|-)/, /^node:/]

export interface ModuleRef {
  spec: string
  line: number
  typeOnly: boolean
  /** import.meta.glob pattern: resolved by its part before the first `*`. */
  glob?: boolean
}

const lineOf = (sf: ts.SourceFile, node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1

/** Every module specifier in a file. `import { type A } from 'x'` is a value import: under
 *  verbatimModuleSyntax it still loads 'x' at runtime; only `import type` is erased. */
export function moduleRefs(fileName: string, text: string): ModuleRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true)
  const out: ModuleRef[] = []
  const add = (lit: ts.Node | undefined, node: ts.Node, typeOnly: boolean, glob = false) => {
    if (lit && ts.isStringLiteralLike(lit)) out.push({ spec: lit.text, line: lineOf(sf, node), typeOnly, glob })
  }
  const isImportMeta = (e: ts.Node) => ts.isMetaProperty(e) && e.keywordToken === ts.SyntaxKind.ImportKeyword
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, node, node.importClause?.isTypeOnly ?? false)
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, node, node.isTypeOnly)
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node.moduleReference.expression, node, node.isTypeOnly)
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, node, true)
    else if (ts.isCallExpression(node)) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], node, false)
      else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'glob' && isImportMeta(callee.expression))
        add(node.arguments[0], node, false, true)
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [first, base] = node.arguments ?? []
      if (base && ts.isPropertyAccessExpression(base) && isImportMeta(base.expression) && first && ts.isStringLiteralLike(first) && first.text.startsWith('.'))
        add(first, node, false)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return out
}

/** `engine/format/hop-line.ts` → `engine`; a file directly in src/ → `app`. */
export function layerOf(file: string): Layer | undefined {
  const parts = file.split('/')
  if (parts.length === 1) return 'app'
  return (LAYERS as readonly string[]).includes(parts[0]!) ? (parts[0] as Layer) : undefined
}

const isTest = (file: string) => /\.(test|bench)\.tsx?$/.test(file)
const covers = (prefixes: readonly string[] | undefined, module: string) =>
  (prefixes ?? []).some((p) => module === p || module.startsWith(p + '/'))

/** The file a relative specifier names, relative to src/ (`..`-prefixed when it leaves src). */
export function resolveRelative(from: string, spec: string, exists: (file: string) => boolean): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), spec.replace(/[?#].*$/, '')))
  for (const c of [target + '.ts', target + '.tsx', target + '/index.ts', target + '/index.tsx', target])
    if (exists(c)) return c
  return undefined
}

/** Why importing module `target` (a file under src/, extension dropped) from `from` breaks the
 *  layering, or undefined when the edge is allowed. */
export function edgeViolation(from: string, target: string, typeOnly: boolean): string | undefined {
  const fromLayer = layerOf(from)
  const toLayer = layerOf(target)
  if (!fromLayer) return `is in no layer (add its folder to LAYERS and ALLOWED)`
  if (!toLayer) return `imports '${target}', which is in no layer`
  const test = isTest(from)
  const inTesting = (f: string) => /(^|\/)testing\//.test(f)
  if (inTesting(target) && !test && !inTesting(from) && fromLayer !== 'kernel-oracle')
    return `imports the test helper '${target}' into shipped code`
  if (fromLayer === toLayer) return undefined
  const rules = [ALLOWED[fromLayer], ...(test ? [TEST_EXTRA[fromLayer] ?? {}] : [])]
  if (rules.some((r) => covers(r.values, target))) return undefined
  if (typeOnly && rules.some((r) => covers(r.types, target))) return undefined
  const typesOk = rules.some((r) => covers(r.types, target))
  return typesOk
    ? `imports '${target}' as a value; ${fromLayer} may import it only with 'import type'`
    : `imports '${target}': ${fromLayer} may not depend on ${toLayer}`
}

/** All layering violations in one file, as `src/<file>:<line>: …`. */
export function importViolations(file: string, text: string, exists: (file: string) => boolean): string[] {
  const found: string[] = []
  const layer = layerOf(file)
  for (const ref of moduleRefs(file, text)) {
    const where = `src/${file}:${ref.line}`
    if (!ref.spec.startsWith('.')) {
      if (layer && PURE.includes(layer) && !isTest(file) && FORBIDDEN_PACKAGES.some((re) => re.test(ref.spec)))
        found.push(`${where}: imports '${ref.spec}'`)
      continue
    }
    const spec = ref.glob ? ref.spec.slice(0, ref.spec.indexOf('*')).replace(/\/[^/]*$/, '') || '.' : ref.spec
    const resolved = ref.glob ? posix.normalize(posix.join(posix.dirname(file), spec)) : resolveRelative(file, spec, exists)
    if (resolved === undefined) {
      found.push(`${where}: imports '${ref.spec}', which resolves to no file`)
      continue
    }
    if (resolved.startsWith('..')) {
      // Outside src: only data (scenarios/*.yaml through import.meta.glob), never code.
      if (/\.tsx?$/.test(resolved) || (!ref.glob && !/\.[a-z]+$/.test(resolved)))
        found.push(`${where}: imports '${ref.spec}', code outside src/`)
      continue
    }
    const why = edgeViolation(file, resolved.replace(/\.tsx?$/, ''), ref.typeOnly)
    if (why) found.push(`${where}: ${why}`)
  }
  return found
}

const FORBIDDEN_CALLS: Record<string, string> = {
  'Math.random': 'Math.random (use the seeded PRNG in sim/prng.ts)',
  'Date.now': 'Date.now (use the virtual clock)',
  'performance.now': 'performance.now (use the virtual clock)',
}
const WEB_GLOBALS = new Set(['window', 'document', 'localStorage', 'navigator'])
const WORKER_SELF = new Set(['postMessage', 'onmessage', 'addEventListener', 'close'])

/** Uses of clocks, randomness and DOM/Worker globals, found in the syntax tree (so comments and
 *  strings do not count, and a local `self` or `x.window` is not the global). */
export function globalViolations(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const flag = (node: ts.Node, what: string) => found.push(`src/${file}:${lineOf(sf, node)}: uses ${what}`)
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const name = `${node.expression.text}.${node.name.text}`
      if (FORBIDDEN_CALLS[name]) flag(node, FORBIDDEN_CALLS[name])
      if (node.expression.text === 'self' && WORKER_SELF.has(node.name.text)) flag(node, 'the worker global self')
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'Date')
      flag(node, 'new Date (use the virtual clock)')
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'postMessage')
      flag(node, 'postMessage')
    if (ts.isIdentifier(node) && WEB_GLOBALS.has(node.text)) {
      const p = node.parent
      const asObject =
        ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === node) ||
        (ts.isCallExpression(p) && p.expression === node) ||
        ts.isTypeOfExpression(p)
      if (asObject) flag(node, `a DOM or Web global (${node.text})`)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return found
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules') out.push(...sourceFiles(p))
    } else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

const toSrc = (p: string) => relative(src, p).split(sep).join('/')
const existsInSrc = (f: string) => existsSync(join(src, f)) && statSync(join(src, f)).isFile()
const files = sourceFiles(src).map(toSrc)

describe('architecture', () => {
  it('keeps every import in src on an allowed layer edge', () => {
    const found = files.flatMap((f) => importViolations(f, readFileSync(join(src, f), 'utf8'), existsInSrc))
    expect(found).toEqual([])
  })

  it('keeps src/engine and src/control-plane free of DOM globals, wall-clock time and Math.random', () => {
    const pure = files.filter((f) => PURE.includes(layerOf(f)!) && !isTest(f))
    expect(pure.length).toBeGreaterThan(50)
    expect(pure.flatMap((f) => globalViolations(f, readFileSync(join(src, f), 'utf8')))).toEqual([])
  })

  it('finds the imports it checks (guards against a scanner that sees nothing)', () => {
    const refs = files.flatMap((f) => moduleRefs(f, readFileSync(join(src, f), 'utf8')))
    expect(refs.filter((r) => r.spec.startsWith('.')).length).toBeGreaterThan(500)
    expect(refs.some((r) => r.typeOnly)).toBe(true)
    expect(refs.some((r) => r.glob)).toBe(true)
  })
})

describe('the architecture checker itself', () => {
  // Probe files do not exist; resolve every specifier as if it named a .ts file.
  const probe = (file: string, text: string) => importViolations(file, text, (f) => f.endsWith('.ts'))

  it('fails an engine file two folders deep that imports the control plane', () => {
    const text = "import { buildLab } from '../../../control-plane/build-lab'\n"
    expect(probe('engine/datapath/stages/deep.ts', text)).toEqual([
      "src/engine/datapath/stages/deep.ts:1: imports 'control-plane/build-lab': engine may not depend on control-plane",
    ])
  })

  it('fails the control plane importing the kernel oracle, and anyone importing the CLI', () => {
    expect(probe('control-plane/kube-proxy/x.ts', "import { realize } from '../../kernel-oracle/realize'")).toHaveLength(1)
    expect(probe('store/x.test.ts', "import { main } from '../cli/main'")).toHaveLength(1)
    expect(probe('kernel-oracle/x.ts', "import { main } from '../cli/main'")).toHaveLength(1)
  })

  it('sees export-from, dynamic import and import types, with their lines', () => {
    const text = "\n\nexport { x } from '../store'\nconst m = await import('../ui/app/App')\ntype T = import('../worker/protocol').X\n"
    expect(probe('engine/a.ts', text).map((v) => v.replace(/: imports.*/, ''))).toEqual(['src/engine/a.ts:3', 'src/engine/a.ts:4', 'src/engine/a.ts:5'])
  })

  it('passes allowed edges and type-only engine imports from the UI, but not engine values', () => {
    expect(probe('scenario/index.ts', "import { buildLab } from '../control-plane/build-lab'")).toEqual([])
    expect(probe('ui/tables/T.tsx', "import type { HopEvent } from '../../engine/trace/events'")).toEqual([])
    expect(probe('ui/tables/T.tsx', "import { formatIpRoute } from '../../engine/format/ip-route'")).toEqual([])
    expect(probe('ui/tables/T.tsx', "import { type HopEvent } from '../../engine/trace/events'")).toEqual([
      "src/ui/tables/T.tsx:1: imports 'engine/trace/events' as a value; ui may import it only with 'import type'",
    ])
    expect(probe('store/selectors.ts', "import { runLab } from '../engine'")).toHaveLength(1)
  })

  it('keeps test helpers out of shipped code', () => {
    expect(probe('control-plane/x.ts', "import { makeLab } from '../engine/testing/labs'")).toEqual([
      "src/control-plane/x.ts:1: imports the test helper 'engine/testing/labs' into shipped code",
    ])
    expect(probe('control-plane/x.test.ts', "import { makeLab } from '../engine/testing/labs'")).toEqual([])
  })

  it('fails forbidden packages in the shipped code of pure layers only', () => {
    expect(probe('engine/x.ts', "import { useState } from 'react'")).toHaveLength(1)
    expect(probe('control-plane/x.ts', "import { readFileSync } from 'node:fs'")).toHaveLength(1)
    expect(probe('ui/x.tsx', "import { useState } from 'react'")).toEqual([])
    expect(probe('engine/x.test.ts', "import { readFileSync } from 'node:fs'")).toEqual([])
  })

  it('finds forbidden globals in code, not in comments, strings or property names', () => {
    expect(globalViolations('engine/x.ts', 'const x = Math.random()')).toEqual(['src/engine/x.ts:1: uses Math.random (use the seeded PRNG in sim/prng.ts)'])
    expect(globalViolations('engine/x.ts', '\nwindow.location.href')).toHaveLength(1)
    expect(globalViolations('engine/x.ts', 'const t = new Date()')).toHaveLength(1)
    expect(globalViolations('engine/x.ts', 'self.postMessage(1)')).toHaveLength(1)
    expect(globalViolations('engine/x.ts', "if (typeof document !== 'undefined') {}")).toHaveLength(1)
    // A local variable that happens to be called `self` is not the worker global.
    expect(globalViolations('engine/x.ts', 'const x = self.reverse()')).toEqual([])
    expect(globalViolations('engine/x.ts', "// Math.random() is banned\nconst s = 'window.x'; o.window.y")).toEqual([])
  })
})
