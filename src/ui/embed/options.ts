/**
 * The embed player's own URL parameters (the view itself travels in the deep-link parameters,
 * ui/app/deep-link.ts):
 *
 *   ?embed[=1]            the compact player instead of the full page (embed=0 is the full page)
 *   &autoplay             start playing once the journey is traced
 *   &controls=0           no buttons: the host page drives the player (postMessage)
 *   &from=k&to=m          a chapter: steps k..m of the level the link opens
 *   &origins=a,b          the host pages whose messages the player obeys (default: its own origin)
 *
 * A value that cannot be used becomes a LinkIssue, shown like any other bad link value.
 */
import type { LinkIssue } from '../../store/slices/link'

export interface EmbedOptions {
  autoplay: boolean
  controls: boolean
  from: number | null
  to: number | null
  /** Origins (scheme://host[:port]) allowed to send commands and to receive events. */
  origins: string[]
}

const flag = (v: string | null) => v !== null && v !== '0' && v !== 'false'

export function isEmbed(search: string): boolean {
  return flag(new URLSearchParams(search).get('embed'))
}

/** The origin a user wrote, if it is one (no path, query or fragment). */
export function asOrigin(text: string): string | null {
  try {
    const u = new URL(text)
    if (u.origin === 'null' || text.replace(/\/$/, '') !== u.origin) return null
    return u.origin
  } catch {
    return null
  }
}

export function readEmbedOptions(search: string, selfOrigin: string): { options: EmbedOptions; issues: LinkIssue[] } {
  const q = new URLSearchParams(search)
  const issues: LinkIssue[] = []
  const stepParam = (param: 'from' | 'to'): number | null => {
    const v = q.get(param)
    if (v === null) return null
    if (/^[1-9]\d{0,5}$/.test(v)) return Number(v)
    issues.push({ param, value: v, valid: '1, 2, 3, …' })
    return null
  }
  let from = stepParam('from')
  let to = stepParam('to')
  if (from !== null && to !== null && from > to) {
    issues.push({ param: 'to', value: String(to), valid: `${from}, ${from + 1}, …` })
    to = null
  }
  const origins = [selfOrigin]
  for (const text of (q.get('origins') ?? '').split(',').filter(Boolean)) {
    const o = asOrigin(text.trim())
    if (o) origins.push(o)
    else issues.push({ param: 'origins', value: text, valid: 'https://docs.example.com, http://localhost:8080' })
  }
  const controls = q.get('controls')
  if (controls !== null && !['0', '1'].includes(controls)) issues.push({ param: 'controls', value: controls, valid: '0, 1' })
  return {
    options: { autoplay: flag(q.get('autoplay')), controls: controls !== '0', from, to, origins: [...new Set(origins)] },
    issues,
  }
}
