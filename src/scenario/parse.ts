/**
 * Scenario files (issue 4): YAML → typed ScenarioDoc with line:column diagnostics. Sections:
 * `meta` (title, summary, goals in en/zh; picker group and place in it, era and what changed since), `cluster`, `resources` (ordinary Kubernetes
 * manifests), `journey` and `narration`. See schema.ts for the types and defaults.
 */
import { isScalar } from 'yaml'
import { finishNodes, readCluster } from './cluster'
import { checkJourney, readJourney } from './journey'
import { checkObjects } from './k8s-refs'
import { readResources } from './k8s-objects'
import { readNarration } from './narration'
import { SCENARIO_GROUPS, type Localized, type ScenarioMeta, type ScenarioParseResult } from './schema'
import {
  parseYaml,
  readBool,
  readEnum,
  readInt,
  readList,
  readMap,
  readStr,
  report,
  rootVal,
  type Ctx,
  type Val,
} from './yaml-reader'

export const SCENARIO_KEYS = ['meta', 'cluster', 'resources', 'journey', 'narration']
export const META_KEYS = ['title', 'summary', 'goals', 'historical', 'group', 'era', 'sinceThen', 'order']

/** The scenario id: the file name without directories and `.yaml`/`.yml`. */
export function scenarioId(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? fileName).replace(/(\.lab)?\.ya?ml$/i, '')
}

function readLocalized(ctx: Ctx, v: Val, what: string): Localized | undefined {
  if (v.node && isScalar(v.node)) {
    const en = readStr(ctx, v, what)
    return en === undefined ? undefined : { en }
  }
  const m = readMap(ctx, v, `${what} as { en: …, zh: … }`)?.check(['en', 'zh'], ['en'], what)
  const en = m?.get('en') && readStr(ctx, m.get('en') as Val, `${what} in English`)
  if (!m || en === undefined) return undefined
  const zh = m.get('zh') ? readStr(ctx, m.get('zh') as Val, `${what} in Chinese`) : undefined
  return zh === undefined ? { en } : { en, zh }
}

export function readMeta(ctx: Ctx, v: Val | undefined, id: string): ScenarioMeta {
  const meta: ScenarioMeta = { id, title: { en: id }, goals: [] }
  if (!v) return meta
  const m = readMap(ctx, v, 'scenario metadata')?.check(
    META_KEYS,
    ['title'],
    'meta',
  )
  if (!m) return meta
  const title = m.get('title') && readLocalized(ctx, m.get('title') as Val, 'the title')
  if (title) meta.title = title
  if (m.get('summary')) meta.summary = readLocalized(ctx, m.get('summary') as Val, 'the summary')
  for (const gv of (m.get('goals') &&
    readList(ctx, m.get('goals') as Val, 'a list of learning goals')) ||
    []) {
    const g = readLocalized(ctx, gv, 'a goal')
    if (g) meta.goals.push(g)
  }
  if (m.get('historical')) meta.historical = readBool(ctx, m.get('historical') as Val)
  const group = m.get('group')
  if (group) meta.group = readEnum(ctx, group, SCENARIO_GROUPS, 'scenario group')
  if (m.get('era')) meta.era = readLocalized(ctx, m.get('era') as Val, 'the era')
  if (m.get('sinceThen'))
    meta.sinceThen = readLocalized(ctx, m.get('sinceThen') as Val, 'what changed since')
  const order = m.get('order')
  if (order) {
    const n = readInt(ctx, order, { min: 1, max: 999, what: 'the place in its group' })
    if (n !== undefined) meta.order = n
  }
  if (meta.group === 'history') meta.historical = true
  if (meta.historical && !meta.era)
    report(
      ctx,
      group ?? m.get('historical') ?? m.self,
      'a historical scenario should say which set-up it shows',
      'add `era: { en: "Kubernetes v1.3, flannel 0.5.5 (2016)", zh: … }` under meta',
      'warning',
    )
  return meta
}

/** Reads an already parsed scenario document. */
export function readScenario(ctx: Ctx, fileName: string): ScenarioParseResult {
  const m = readMap(ctx, rootVal(ctx), 'a scenario (meta, cluster, resources, journey, narration)')
  if (!m) return { doc: null, diagnostics: ctx.diags }
  m.check(SCENARIO_KEYS, ['journey'], 'a scenario')
  const meta = readMeta(ctx, m.get('meta'), scenarioId(fileName))
  const cluster = readCluster(ctx, m.get('cluster'))
  const read = m.get('resources') ? readResources(ctx, m.get('resources') as Val) : []
  const objects = read.map((r) => r.obj)
  finishNodes(
    cluster,
    objects.flatMap((o) => (o.kind === 'Pod' && o.spec?.nodeName ? [o.spec.nodeName] : [])),
  )
  if (cluster.spec.nodes.length === 0)
    report(
      ctx,
      cluster.val.node ? cluster.val : m.self,
      'the cluster has no nodes',
      'list them under `cluster.nodes`, or give each Pod a spec.nodeName',
    )
  checkObjects(read, cluster.spec)
  const journey = m.get('journey') ? readJourney(ctx, m.get('journey') as Val) : undefined
  if (journey) checkJourney(ctx, journey, objects, cluster.spec)
  const narration = m.get('narration') ? readNarration(ctx, m.get('narration') as Val) : []
  const failed = ctx.diags.some((d) => d.severity === 'error')
  if (failed || !journey) return { doc: null, diagnostics: ctx.diags }
  return {
    doc: { meta, cluster: cluster.spec, objects, journey: journey.journey, narration },
    diagnostics: ctx.diags,
  }
}

/** Parses scenario-file text. `doc` is null when any error was found. */
export function parseScenario(source: string, fileName: string): ScenarioParseResult {
  const ctx = parseYaml(source, fileName)
  if (ctx.diags.length > 0) return { doc: null, diagnostics: ctx.diags }
  return readScenario(ctx, fileName)
}
