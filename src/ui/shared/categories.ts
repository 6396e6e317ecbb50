/**
 * Visual language of event categories. Colours are from the Okabe–Ito palette (safe for the
 * common colour-vision deficiencies) and always come with an icon and a word, never alone.
 * The colour values live in CSS variables (theme.css) so light and dark can tune contrast.
 */
import type { Category } from '../../store/types'

export const CATEGORY_ICON: Record<Category, string> = {
  arp: '?',
  bridge: '⇆',
  routing: '➜',
  netfilter: '▤',
  nat: '⇄',
  conntrack: '⟳',
  vxlan: '▣',
  sockets: '◉',
  link: '—',
  drop: '✕',
}

export const categoryVar = (c: Category) => `var(--cat-${c})`
