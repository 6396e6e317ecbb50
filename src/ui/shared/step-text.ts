/**
 * What a step says, as text: its title (the one-sentence account of the move) and its narration
 * (the scenario's captions where it has them, otherwise the generated sentence). The full page's
 * step panel, the embed player's narration line and its `step` events all read it here.
 */
import { selectPosition, selectStepHops } from '../../store/selectors'
import type { AppState } from '../../store/types'
import { selectBadgeHop } from '../canvas/acting'
import type { Translate } from '../i18n/useT'
import { describeAsides, describeFold, describeHop, describeStory, describeStoryWhy } from './describe-hop'

export interface StepText {
  title: string
  /** Caption paragraphs, or the generated sentence (one paragraph), or none. */
  narration: string[]
  /** Whether the narration is the scenario author's (captions) or generated. */
  captioned: boolean
}

export function stepText(s: AppState, t: Translate): StepText | null {
  const pos = selectPosition(s)
  const main = selectBadgeHop(s)
  if (!pos.step || !main) return null
  const story = pos.step.story
  const title = story ? describeStory(story, t) : pos.step.fold ? describeFold(pos.step.fold, t) : describeHop(main, t)
  // A folded step (Kubernetes view) can hold several narrated hops: tell all of them, in order.
  const captions = selectStepHops(s).flatMap((h) => (s.captions[h.seq] ? [s.captions[h.seq]![s.locale]] : []))
  if (captions.length) return { title, narration: captions, captioned: true }
  const generated = story ? sentences([describeStory(story, t), describeStoryWhy(story, t), describeAsides(story, t)]) : ''
  return { title, narration: generated ? [generated] : [], captioned: false }
}

/** Titles are written without a full stop; joined into a paragraph, each sentence gets one. */
export function sentences(parts: string[]): string {
  return parts
    .filter(Boolean)
    .map((p) => (/[.!?。！？:：]$/.test(p.trim()) ? p.trim() : `${p.trim()}${/[\u4e00-\u9fff]/.test(p) ? '。' : '.'}`))
    .join(' ')
    // Chinese sentences follow one another without a space.
    .replace(/([。！？：]) /g, '$1')
}
