/**
 * The embed player's behaviour outside React: the chapter (from/to), playback within it, the
 * postMessage API (messages.ts) in both directions. The React side only renders and calls
 * `next`/`prev`/`togglePlaying`.
 */
import { formatDiagnostic } from '../../engine/diagnostics'
import type { AppStore } from '../../store'
import { selectSteps, stepIndexAt, type Step } from '../../store/selectors'
import type { AppState } from '../../store/types'
import { translate } from '../i18n/useT'
import { stepText } from '../shared/step-text'
import { MESSAGE_SOURCE, parseCommand, type PlayerCommand, type PlayerEvent } from './messages'
import type { EmbedOptions } from './options'

type EventBody<T extends PlayerEvent['type']> = Omit<Extract<PlayerEvent, { type: T }>, 'source' | 'type'>

export interface Player {
  next(): void
  prev(): void
  togglePlaying(): void
  /** The chapter as step indexes (0-based) of the current level. */
  bounds(s: AppState): { first: number; last: number }
  stop(): void
}

/** One beat per step while playing, as in the full page (usePlaybackTimer). */
const BEAT_MS = 1400

export function startPlayer(
  store: AppStore,
  options: EmbedOptions,
  win: Pick<Window, 'addEventListener' | 'removeEventListener' | 'parent' | 'setInterval' | 'clearInterval'> & { self: unknown },
  /** The link asked for an exact position (step= or hop=), which wins over the chapter start. */
  linkHasPosition: boolean,
): Player {
  const framed = win.parent && win.parent !== win.self
  const post = <T extends PlayerEvent['type']>(type: T, body: EventBody<T>) => {
    if (!framed) return
    const msg = { source: MESSAGE_SOURCE, type, ...body } as PlayerEvent
    // Sent to each allowed origin; the browser delivers it only if the parent is that origin.
    for (const origin of options.origins) win.parent.postMessage(msg, origin)
  }
  const t = (s: AppState) => (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(s.locale, key, params)

  const steps = (s: AppState): Step[] => selectSteps(s)
  const bounds = (s: AppState) => {
    const n = steps(s).length
    const first = options.from !== null ? Math.min(options.from, n) - 1 : -1
    const last = options.to !== null ? Math.min(options.to, n) - 1 : n - 1
    return { first: Math.max(first, -1), last }
  }
  const indexOf = (s: AppState) => (s.step === 0 ? -1 : stepIndexAt(steps(s), s.step))
  const goIndex = (i: number) => {
    const s = store.getState()
    s.setStep(i < 0 ? 0 : (steps(s)[i]?.last ?? 0))
  }

  const next = () => {
    const s = store.getState()
    const { last } = bounds(s)
    if (indexOf(s) >= last) return
    goIndex(indexOf(s) + 1)
  }
  const prev = () => {
    const s = store.getState()
    const { first } = bounds(s)
    if (indexOf(s) <= first) return
    goIndex(indexOf(s) - 1)
  }
  const play = () => {
    const s = store.getState()
    const { first, last } = bounds(s)
    // Play at the end starts the chapter over, as a media player does.
    if (indexOf(s) >= last) goIndex(first)
    store.getState().setPlaying(true)
  }
  const pause = () => store.getState().setPlaying(false)

  let timer: number | null = null
  const beat = () => {
    const s = store.getState()
    next()
    if (indexOf(store.getState()) >= bounds(s).last) {
      pause()
      post('finished', {})
    }
  }

  const run = (cmd: PlayerCommand) => {
    const s = store.getState()
    switch (cmd.type) {
      case 'load':
        if ('scenario' in cmd) {
          if (s.scenarios.some((e) => e.id === cmd.scenario)) s.selectScenario(cmd.scenario)
          else post('error', { message: t(s)('link.scenario', { value: cmd.scenario, valid: s.scenarios.map((e) => e.id).join(', ') }) })
        } else {
          awaitingLoad = true
          s.loadSource(cmd.yaml, cmd.fileName ?? 'pasted.yaml')
        }
        return
      case 'goto': {
        const n = steps(s).length
        if (s.traceStatus !== 'done') pendingGoto = cmd.step
        else if (cmd.step <= n) goIndex(cmd.step - 1)
        else post('error', { message: t(s)('link.step', { value: String(cmd.step), scenario: s.scenarioId ?? s.fileName, total: n, level: t(s)(`level.${s.level}`) }) })
        return
      }
      case 'next':
        return next()
      case 'prev':
        return prev()
      case 'play':
        return play()
      case 'pause':
        return pause()
      case 'set':
        if (cmd.level) s.setLevel(cmd.level)
        if (cmd.lang) s.setLocale(cmd.lang)
        if (cmd.theme) s.setTheme(cmd.theme)
        return
    }
  }

  const onMessage = (e: MessageEvent) => {
    if (!options.origins.includes(e.origin)) return
    const cmd = parseCommand(e.data)
    if (cmd) run(cmd)
  }
  win.addEventListener('message', onMessage as EventListener)

  let awaitingLoad = false
  let pendingGoto: number | null = null
  let chapterTrace = -1
  let firstTrace = true
  let lastSent = ''
  const unsubscribe = store.subscribe((s, before) => {
    if (s.playing !== before.playing) {
      if (timer) win.clearInterval(timer)
      timer = s.playing ? win.setInterval(beat, BEAT_MS / s.speed) : null
    }
    if (awaitingLoad && s.loadStatus === 'error') {
      awaitingLoad = false
      const errors = s.diagnostics.filter((d) => d.severity === 'error')
      post('error', { message: (errors.length ? errors : s.diagnostics).map(formatDiagnostic).join('\n') || t(s)('diagnostics.title') })
    }
    if (s.traceStatus !== 'done') return
    awaitingLoad = false
    if (chapterTrace !== s.traceId) {
      // A newly traced journey opens at its chapter's first step (a link's own position wins
      // for the journey it opened with).
      chapterTrace = s.traceId
      if (options.from !== null && !(firstTrace && linkHasPosition)) goIndex(bounds(s).first)
      firstTrace = false
      if (options.autoplay && !s.playing) play()
    }
    if (pendingGoto !== null) {
      const g = pendingGoto
      pendingGoto = null
      run({ source: MESSAGE_SOURCE, type: 'goto', step: g })
      return
    }
    const st = store.getState()
    const text = stepText(st, t(st))
    const body = { step: indexOf(st) + 1, total: steps(st).length, title: text?.title ?? t(st)('step.ready') }
    const key = JSON.stringify(body)
    if (key !== lastSent) {
      lastSent = key
      post('step', body)
    }
  })

  post('ready', { scenarios: store.getState().scenarios.map((e) => e.id) })
  return {
    next,
    prev,
    togglePlaying: () => (store.getState().playing ? pause() : play()),
    bounds,
    stop() {
      unsubscribe()
      if (timer) win.clearInterval(timer)
      win.removeEventListener('message', onMessage as EventListener)
    },
  }
}
