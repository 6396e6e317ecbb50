/**
 * The embed player's postMessage API, as types a host page can import. Every message in either
 * direction is an object with `source: 'packet-journeys'`; anything else is ignored.
 *
 * Host page → player (obeyed only from origins listed in `?origins=`, default the player's own):
 *   load  { scenario }           open a built-in scenario by id
 *   load  { yaml, fileName? }    open a scenario from its source text (validated like a file)
 *   goto  { step }               show step N of the current level (0 = before the first)
 *   next / prev / play / pause
 *   set   { level?, lang?, theme? }
 *
 * Player → host page (window.parent, to each allowed origin):
 *   ready    { scenarios }              the built-in scenario ids, once the player can take commands
 *   step     { step, total, title }     after every change of position (title: the step's sentence)
 *   finished {}                         playback reached the last step (of the chapter, with from/to)
 *   error    { message }                a command could not be done (e.g. a bad file, with line:col)
 */
import type { Level, Locale, Theme } from '../../store/types'

export const MESSAGE_SOURCE = 'packet-journeys'

type Msg<T extends string, P = object> = { source: typeof MESSAGE_SOURCE; type: T } & P

export type PlayerCommand =
  | Msg<'load', { scenario: string }>
  | Msg<'load', { yaml: string; fileName?: string }>
  | Msg<'goto', { step: number }>
  | Msg<'next'>
  | Msg<'prev'>
  | Msg<'play'>
  | Msg<'pause'>
  | Msg<'set', { level?: Level; lang?: Locale; theme?: Theme }>

export type PlayerEvent =
  | Msg<'ready', { scenarios: string[] }>
  | Msg<'step', { step: number; total: number; title: string }>
  | Msg<'finished'>
  | Msg<'error', { message: string }>

const LEVELS: readonly string[] = ['kubernetes', 'kernel']
const LANGS: readonly string[] = ['en', 'zh']
const THEMES: readonly string[] = ['light', 'dark']
/** A scenario pasted by a host page is bounded like one in a link (ui/app/scenario-fragment.ts). */
const MAX_YAML_CHARS = 512 * 1024

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const optional = (v: unknown, allowed: readonly string[]) => v === undefined || (typeof v === 'string' && allowed.includes(v))

/**
 * The command a message carries, or null for anything that is not exactly one of ours: a
 * structured-clone payload from an unknown page can be any shape, so every field is checked and
 * only the known ones are copied.
 */
export function parseCommand(data: unknown): PlayerCommand | null {
  if (!isObject(data) || data.source !== MESSAGE_SOURCE || typeof data.type !== 'string') return null
  const source = MESSAGE_SOURCE
  switch (data.type) {
    case 'load':
      if (typeof data.scenario === 'string' && data.yaml === undefined) return { source, type: 'load', scenario: data.scenario }
      if (typeof data.yaml === 'string' && data.scenario === undefined && data.yaml.length <= MAX_YAML_CHARS) {
        if (data.fileName !== undefined && (typeof data.fileName !== 'string' || !/^[\w.-]{1,100}$/.test(data.fileName))) return null
        return { source, type: 'load', yaml: data.yaml, ...(data.fileName ? { fileName: data.fileName as string } : {}) }
      }
      return null
    case 'goto':
      return Number.isInteger(data.step) && (data.step as number) >= 0 ? { source, type: 'goto', step: data.step as number } : null
    case 'next':
    case 'prev':
    case 'play':
    case 'pause':
      return { source, type: data.type }
    case 'set': {
      if (!optional(data.level, LEVELS) || !optional(data.lang, LANGS) || !optional(data.theme, THEMES)) return null
      const cmd: PlayerCommand = { source, type: 'set' }
      if (data.level) cmd.level = data.level as Level
      if (data.lang) cmd.lang = data.lang as Locale
      if (data.theme) cmd.theme = data.theme as Theme
      return cmd
    }
    default:
      return null
  }
}
