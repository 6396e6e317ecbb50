/**
 * `resources:` — ordinary Kubernetes manifests. Accepts a YAML list, `kind: List` with `items`
 * (what `kubectl get -o yaml` prints for several objects), and a `|` text block holding a
 * `---`-separated multi-document stream pasted as is; positions inside the block map back to
 * the scenario file. Each object is read through its shape (k8s-shapes.ts) into the control
 * plane's K8sObject types.
 */
import { isMap, isScalar, LineCounter, parseAllDocuments, type Node } from 'yaml'
import type { K8sObject } from '../control-plane/types'
import { KIND_SHAPES, type ObjShape, type Shape } from './k8s-shapes'
import { ipv4Problem, portNameProblem } from './net-syntax'
import { API_VERSIONS, IGNORED_KINDS, SUPPORTED_KINDS } from './schema'
import { didYouMean } from './suggest'
import {
  describe,
  readBool,
  readEnum,
  readInt,
  readList,
  checkAliases,
  readMap,
  readStr,
  readStrMap,
  readTextBlock,
  report,
  type Ctx,
  type Val,
} from './yaml-reader'

/** An object as read, with the context and value it came from for later cross-checks. */
export interface ReadObject {
  obj: K8sObject
  val: Val
  ctx: Ctx
}

export function readShape(ctx: Ctx, v: Val, shape: Shape): unknown {
  if (shape === 'str') return readStr(ctx, v)
  if (shape === 'bool') return readBool(ctx, v)
  if (shape === 'strMap') return readStrMap(ctx, v, 'a mapping of names to strings')
  if (shape === 'ipv4') {
    const s = readStr(ctx, v, 'an IPv4 address')
    const problem = s === undefined ? null : ipv4Problem(s)
    if (problem) report(ctx, v, problem)
    return problem ? undefined : s
  }
  if (shape === 'port') return readPort(ctx, v)
  if (shape === 'portOrName') return readPortOrName(ctx, v)
  if ('int' in shape) return readInt(ctx, v, shape.int)
  if ('enum' in shape) return readEnum(ctx, v, shape.enum, shape.what)
  if ('list' in shape)
    return (readList(ctx, v) ?? []).flatMap((iv) => readShape(ctx, iv, shape.list) ?? [])
  return readObj(ctx, v, shape)
}

function readObj(ctx: Ctx, v: Val, shape: ObjShape): Record<string, unknown> | undefined {
  const m = readMap(ctx, v, shape.what)
  if (!m) return undefined
  if (!shape.open)
    m.check([...Object.keys(shape.obj), ...(shape.ignored ?? [])], shape.required, shape.what)
  const out: Record<string, unknown> = {}
  for (const [key, sub] of Object.entries(shape.obj)) {
    const fv = m.get(key)
    if (!fv) continue
    const x = readShape(ctx, fv, sub)
    if (x !== undefined) out[key] = x
  }
  return out
}

function readPort(ctx: Ctx, v: Val): number | undefined {
  const x = v.node && isScalar(v.node) ? v.node.value : undefined
  if (typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 65535) return x
  const trimmed = typeof x === 'string' ? x.trim() : ''
  const hint = /^\d+$/.test(trimmed)
    ? `write the number without quotes: ${trimmed}`
    : typeof x === 'string'
      ? 'a port here is a number from 1 to 65535; named ports belong in targetPort'
      : 'use a number from 1 to 65535'
  report(ctx, v, `expected a port number, got ${show(v.node)}`, hint)
  return undefined
}

function readPortOrName(ctx: Ctx, v: Val): number | string | undefined {
  const x = v.node && isScalar(v.node) ? v.node.value : undefined
  if (typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 65535) return x
  if (typeof x === 'string' && portNameProblem(x) === null) return x
  const problem = typeof x === 'string' ? portNameProblem(x) : null
  const hint =
    typeof x === 'string' && x.trim() !== x
      ? `remove the surrounding spaces: '${x.trim()}'`
      : problem
        ? `a port name ${problem} (IANA_SVC_NAME), and must match a container port's name`
        : 'use a number from 1 to 65535 or the name of a container port'
  report(ctx, v, `expected a port number or name, got ${show(v.node)}`, hint)
  return undefined
}

/** `'http '` for strings (quotes show stray spaces), the literal otherwise. */
function show(node: Node | null): string {
  if (node && isScalar(node) && typeof node.value === 'string') return `'${node.value}'`
  return describe(node).replace(/^the number /, '')
}

/**
 * Reads one manifest, or every manifest a `kind: List` holds, Lists within Lists included. The
 * Lists are unfolded with a work list, not recursion: items may be aliases of other Lists, so the
 * nesting is as deep as the file makes it (checkAliases has already refused Lists that alias
 * themselves and aliases that expand the file past its cap).
 */
function readObject(ctx: Ctx, v: Val, out: ReadObject[]): void {
  const todo: Val[] = [v]
  while (todo.length) {
    const items = readOne(ctx, todo.pop() as Val, out)
    for (let i = items.length - 1; i >= 0; i--) todo.push(items[i] as Val)
  }
}

/** Reads one manifest into `out`; for a List, returns its items instead. */
function readOne(ctx: Ctx, v: Val, out: ReadObject[]): Val[] {
  const m = readMap(ctx, v, 'a Kubernetes object (apiVersion, kind, metadata, …)')
  if (!m) return []
  const kindVal = m.get('kind')
  if (!kindVal) {
    report(ctx, m.self, 'missing `kind`', `every manifest names its kind: ${SUPPORTED_KINDS.join(', ')}`)
    return []
  }
  const kind = readStr(ctx, kindVal, 'a kind')
  if (kind === undefined) return []
  if (kind === 'List') {
    m.check(['apiVersion', 'kind', 'items', 'metadata'], ['items'], 'a List')
    const items = m.get('items')
    return (items && readList(ctx, items, 'a list of objects')) || []
  }
  if (IGNORED_KINDS.includes(kind)) {
    report(
      ctx,
      kindVal,
      `${kind} does not affect the datapath and is ignored`,
      'remove it to silence this warning',
      'warning',
    )
    return []
  }
  const shape = (KIND_SHAPES as Record<string, ObjShape | undefined>)[kind]
  if (!shape) {
    const hint =
      didYouMean(kind, [...SUPPORTED_KINDS, 'List']) ||
      `supported kinds: ${SUPPORTED_KINDS.join(', ')}`
    report(ctx, kindVal, `unknown kind '${kind}'`, hint)
    return []
  }
  const apiVersion = API_VERSIONS[kind as keyof typeof API_VERSIONS]
  const av = m.get('apiVersion')
  const got = av ? readStr(ctx, av, 'an apiVersion') : undefined
  if (av && got !== undefined && got !== apiVersion)
    report(
      ctx,
      av,
      `${kind} is served as apiVersion ${apiVersion}, not '${got}'`,
      `write \`apiVersion: ${apiVersion}\``,
    )
  const body = readObj(ctx, m.self, {
    ...shape,
    obj: { ...shape.obj },
    ignored: ['apiVersion', 'kind', 'status', ...(shape.ignored ?? [])],
  })
  if (!body) return []
  const metadata = body.metadata as { name?: string; namespace?: string } | undefined
  if (!metadata?.name) return []
  metadata.namespace ??= 'default'
  out.push({ obj: { kind, ...body } as unknown as K8sObject, val: m.self, ctx })
  return []
}

/** Reads `resources:` in any of its three forms. */
export function readResources(ctx: Ctx, v: Val): ReadObject[] {
  const out: ReadObject[] = []
  if (v.node && isScalar(v.node) && typeof v.node.value === 'string') {
    const block = readTextBlock(ctx, v)
    if (!block) return out
    const lc = new LineCounter()
    const docs = parseAllDocuments(block.text, {
      keepSourceTokens: true,
      uniqueKeys: false,
      lineCounter: lc,
      prettyErrors: false,
    })
    const list = Array.isArray(docs) ? docs : []
    list.forEach((doc, i) => {
      const dctx: Ctx = {
        file: ctx.file,
        lc,
        doc,
        diags: ctx.diags,
        shift: { line: block.line, column: block.column },
      }
      for (const e of doc.errors)
        report(
          dctx,
          { at: { range: [e.pos[0], e.pos[1], e.pos[1]] } as Node, path: `${v.path}[${i}]` },
          `YAML syntax: ${e.message}`,
        )
      if (doc.errors.length || doc.contents === null) return
      const before = ctx.diags.length
      checkAliases(dctx)
      if (ctx.diags.length > before) return
      readObject(
        dctx,
        { node: doc.contents as Node, at: doc.contents as Node, path: `${v.path}[${i}]` },
        out,
      )
    })
    return out
  }
  if (v.node && isMap(v.node)) {
    readObject(ctx, v, out)
    return out
  }
  for (const iv of readList(
    ctx,
    v,
    'a list of Kubernetes objects, or a `|` block of --- separated manifests',
  ) ?? [])
    readObject(ctx, iv, out)
  return out
}
