import { useEffect } from 'react'
import { getAppStore } from '../../store'

/** ←/→ step, Space play/pause, Home/End, ? help, Esc closes help. Ignored while typing. */
export function useKeyboard() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null
      if (el && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) && e.key !== 'Escape') {
        if (!(el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'checkbox')) return
      }
      if (e.metaKey || e.ctrlKey || e.altKey) return
      const s = getAppStore().getState()
      switch (e.key) {
        case 'ArrowRight':
          s.stepBy(1)
          break
        case 'ArrowLeft':
          s.stepBy(-1)
          break
        case ' ':
          s.togglePlaying()
          break
        case 'Home':
          s.toStart()
          break
        case 'End':
          s.toEnd()
          break
        case '?':
          s.setHelpOpen(!s.helpOpen)
          break
        case 'Escape':
          s.setHelpOpen(false)
          break
        default:
          return
      }
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
