/**
 * Deep links carry the whole view:
 *
 *   ?scenario=<id>&step=<n>&level=kubernetes|kernel&lang=en|zh&theme=light|dark
 *    &tab=step|packet|tables&device=<netns>&hide=<category,…>&hop=<seq>
 *
 * `step` is the step number the person sees in the current level ("Step 12 / 59" is step=12;
 * 0 or absent is before the first). The store's position is a hop seq, so it is converted through
 * the level's step list (selectSteps). `hop` is written only when the position lies inside a
 * step (after switching level, or a link to one exact hop) and then wins over `step`. `hide`
 * lists the filtered-out event categories, because the step numbers depend on the filter.
 *
 * Opening a link applies it; every change is written back (history.replaceState), except that
 * choosing another scenario pushes a history entry so Back returns to the previous journey
 * (popstate applies the URL again). What a link asks for but cannot be shown becomes a
 * LinkIssue in the store, which the page words in the chosen language — never a silent fallback.
 */
import type { AppStore } from '../../store'
import { selectSteps, stepIndexAt } from '../../store/selectors'
import type { LinkIssue, LinkParam } from '../../store/slices/link'
import { FILTERABLE, type AppState, type Category, type Level, type Locale, type PanelTab, type Theme } from '../../store/types'

export const LINK_LEVELS: Level[] = ['kubernetes', 'kernel']
export const LINK_LOCALES: Locale[] = ['en', 'zh']
export const LINK_THEMES: Theme[] = ['light', 'dark']
export const LINK_TABS: PanelTab[] = ['step', 'packet', 'tables']

const PARAMS: LinkParam[] = ['scenario', 'step', 'hop', 'level', 'lang', 'theme', 'tab', 'device', 'hide']

export type DeepLink = Partial<Record<LinkParam, string>>

/** The known parameters present in a query string, as written. */
export function readDeepLink(search: string): DeepLink {
  const q = new URLSearchParams(search)
  const link: DeepLink = {}
  for (const k of PARAMS) {
    const v = q.get(k)
    if (v !== null) link[k] = v
  }
  return link
}

type ViewState = Pick<
  AppState,
  'scenarioId' | 'fileName' | 'hops' | 'level' | 'filter' | 'step' | 'locale' | 'theme' | 'tab' | 'selectedNetns'
>

/** The position as the person sees it: the visible step number, and the hop when inside a step. */
function positionParams(s: ViewState): [LinkParam, string][] {
  if (s.step <= 0) return []
  const steps = selectSteps(s)
  const i = stepIndexAt(steps, s.step)
  const out: [LinkParam, string][] = [['step', String(i + 1)]]
  if (steps[i]?.last !== s.step) out.push(['hop', String(s.step)])
  return out
}

/**
 * The parameters that reproduce the view, in a fixed order. A scenario that is not built in has
 * no `scenario` parameter: it travels in the fragment (`#s=`, scenario-fragment.ts).
 */
export function viewParams(s: ViewState): [LinkParam, string][] {
  if (!s.scenarioId && !s.fileName) return []
  const hidden = FILTERABLE.filter((c) => !s.filter.includes(c))
  return [
    ...(s.scenarioId ? ([['scenario', s.scenarioId]] as [LinkParam, string][]) : []),
    ...positionParams(s),
    ['level', s.level],
    ['lang', s.locale],
    ['theme', s.theme],
    ['tab', s.tab],
    ...(s.selectedNetns ? ([['device', s.selectedNetns]] as [LinkParam, string][]) : []),
    ...(hidden.length ? ([['hide', hidden.join(',')]] as [LinkParam, string][]) : []),
  ]
}

/** Query text; `/` and `,` stay readable (both are allowed in a query). */
export function queryString(params: [string, string][]): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%2F/gi, '/').replace(/%2C/gi, ',')
  return params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')
}

/** The page's own address without a query, e.g. https://docs.example/packet-journeys/. */
function pageBase(loc: Pick<Location, 'origin' | 'pathname'>): string {
  return `${loc.origin}${loc.pathname}`
}

/** The link "Copy link" copies: the whole view. */
export function shareUrl(s: ViewState, loc: Pick<Location, 'origin' | 'pathname'> = location): string {
  return `${pageBase(loc)}?${queryString(viewParams(s))}`
}

/** The embed player's address: the journey, position, level and language. */
export function embedUrl(s: ViewState, loc: Pick<Location, 'origin' | 'pathname'> = location): string {
  if (!s.scenarioId && !s.fileName) return pageBase(loc)
  const params: [string, string][] = [
    ['embed', '1'],
    ...(s.scenarioId ? ([['scenario', s.scenarioId]] as [string, string][]) : []),
    ...positionParams(s),
    ['level', s.level],
    ['lang', s.locale],
  ]
  return `${pageBase(loc)}?${queryString(params)}`
}

const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The `<iframe>` snippet "Copy embed code" copies, for the embed address `src`. */
export function embedCode(src: string, title: string): string {
  return (
    // The src keeps its `&` as written (no entity in it can be mistaken for a reference; every
    // value is percent-encoded), so the snippet reads like the address it embeds.
    `<iframe src="${src.replace(/"/g, '%22')}" width="800" height="450" ` +
    `title="${attr(`Packet Journeys: ${title}`)}" loading="lazy" style="border:0"></iframe>`
  )
}

/** What a link still waits for: the namespace list (topology) and the step list (whole trace). */
interface Pending {
  /** The built-in scenario, or null for the link's own (#s=). */
  scenario: string | null
  step?: string
  hop?: string
  device?: string
  tab?: PanelTab
  deviceDone: boolean
}

const oneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v)

export interface DeepLinkOptions {
  /** The scenario the link's fragment carries (decoded by the caller, scenario-fragment.ts). */
  custom?: { source: string; fileName: string }
  /** Problems found before the store could be asked (the fragment, embed parameters). */
  issues?: LinkIssue[]
}

/** Which journey a history entry is about: a built-in id, or the custom scenario's file. */
const entryKey = (s: Pick<AppState, 'scenarioId' | 'fileName'>) => s.scenarioId ?? `custom:${s.fileName}`

/**
 * Apply the page's URL to the store now and on every popstate, and keep the URL in step with
 * the store from then on. Returns a function that stops both.
 */
export function startDeepLinks(store: AppStore, defaultScenario: string, opts: DeepLinkOptions = {}): () => void {
  let pending: Pending | null = null
  let issues: LinkIssue[] = []
  let last = ''
  /** The journey the current history entry is about; another one pushes an entry. */
  let entry: string | null = null

  const report = (issue: LinkIssue) => {
    issues = [...issues, issue]
    store.getState().setLinkIssues(issues)
  }

  const apply = (link: DeepLink) => {
    pending = null
    const st = store.getState()
    issues = [...(opts.issues ?? [])]
    const patch: Partial<AppState> = {}
    const pref = <T extends string>(param: LinkParam, values: readonly T[], set: (v: T) => void) => {
      const v = link[param]
      if (v === undefined) return
      if (oneOf(values, v)) set(v)
      else issues.push({ param, value: v, valid: values.join(', ') })
    }
    pref('level', LINK_LEVELS, (level) => (patch.level = level))
    pref('lang', LINK_LOCALES, (locale) => (patch.locale = locale))
    pref('theme', LINK_THEMES, (theme) => (patch.theme = theme))
    let tab: PanelTab | undefined
    pref('tab', LINK_TABS, (t) => (tab = t))
    const hide = (link.hide ?? '').split(',').filter(Boolean)
    const unknown = hide.filter((c) => !oneOf(FILTERABLE, c))
    if (unknown.length) issues.push({ param: 'hide', value: unknown.join(','), valid: FILTERABLE.join(', ') })
    patch.filter = FILTERABLE.filter((c: Category) => !hide.includes(c))
    if (patch.filter.length === st.filter.length && patch.filter.every((c) => st.filter.includes(c))) delete patch.filter

    const ids = st.scenarios.map((e) => e.id)
    const fallback = st.scenarioId ?? (ids.includes(defaultScenario) ? defaultScenario : ids[0])
    let id = link.scenario ?? fallback
    let known = true
    if (link.scenario !== undefined && !ids.includes(link.scenario)) {
      issues.push({ param: 'scenario', value: link.scenario, valid: ids.join(', ') })
      id = fallback
      known = false
    }
    store.setState(patch)
    if (tab) st.setTab(tab)
    st.setLinkIssues(issues)
    const custom = opts.custom
    if (custom && link.scenario === undefined) {
      pending = { scenario: null, step: link.step, hop: link.hop, device: link.device, tab, deviceDone: false }
      entry = `custom:${custom.fileName}`
      const s = store.getState()
      if (s.scenarioId !== null || s.source !== custom.source) s.loadSource(custom.source, custom.fileName)
      else resolve()
      return
    }
    if (!id) return
    entry = id
    // A step, hop or namespace meant for an unknown scenario says nothing about this one.
    pending = known
      ? { scenario: id, step: link.step, hop: link.hop, device: link.device, tab, deviceDone: false }
      : { scenario: id, tab, deviceDone: false }
    if (id !== store.getState().scenarioId) store.getState().selectScenario(id)
    else resolve()
  }

  /** Finish a link once its scenario has loaded (namespaces) and traced (steps). */
  const resolve = () => {
    const s = store.getState()
    const p = pending
    if (!p) return
    if (s.scenarioId !== p.scenario || s.loadStatus === 'error' || s.traceStatus === 'failed') {
      pending = null
      return
    }
    if (!p.deviceDone && s.topology) {
      p.deviceDone = true
      if (p.device !== undefined) {
        const names = s.topology.netns.map((n) => n.name)
        if (names.includes(p.device)) s.selectNetns(p.device)
        else report({ param: 'device', value: p.device, valid: names.join(', '), scenario: p.scenario ?? s.fileName })
        // selectNetns opens the tables; the link's own tab wins.
        if (p.tab) store.getState().setTab(p.tab)
      }
    }
    if (s.traceStatus !== 'done') return
    pending = null
    const st = store.getState()
    const steps = selectSteps(st)
    const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN)
    let seq: number | null = null
    if (p.step !== undefined) {
      const n = num(p.step)
      if (n >= 0 && n <= steps.length) seq = n === 0 ? 0 : steps[n - 1]!.last
      else report({ param: 'step', value: p.step, valid: String(steps.length), scenario: p.scenario ?? st.fileName, level: st.level })
    }
    if (p.hop !== undefined) {
      const n = num(p.hop)
      if (n >= 0 && n <= st.hops.length) seq = n
      else report({ param: 'hop', value: p.hop, valid: String(st.hops.length), scenario: p.scenario ?? st.fileName })
    }
    if (seq !== null) st.setStep(seq)
  }

  const sync = (s: AppState) => {
    if (pending || (!s.scenarioId && !s.fileName)) return
    const url = new URL(location.href)
    const rest = [...url.searchParams].filter(([k]) => !oneOf(PARAMS, k))
    // A built-in journey drops the custom one's fragment; a custom one keeps it.
    const hash = s.scenarioId && url.hash.startsWith('#s=') ? '' : url.hash
    const next = `?${queryString([...viewParams(s), ...rest])}${hash}`
    if (next === last) return
    last = next
    url.search = next.replace(/#.*$/s, '')
    url.hash = hash
    if (entry !== null && entry !== entryKey(s)) history.pushState(null, '', url)
    else history.replaceState(null, '', url)
    entry = entryKey(s)
  }

  // Applying a link changes the store, which calls back here: one pass at a time, then one sync.
  let busy = false
  const run = (fn: () => void) => {
    if (busy) return
    busy = true
    try {
      fn()
    } finally {
      busy = false
    }
    sync(store.getState())
  }
  const unsubscribe = store.subscribe(() => run(resolve))
  const onPop = () => {
    last = ''
    run(() => apply(readDeepLink(location.search)))
  }
  window.addEventListener('popstate', onPop)
  run(() => apply(readDeepLink(location.search)))
  return () => {
    unsubscribe()
    window.removeEventListener('popstate', onPop)
  }
}
