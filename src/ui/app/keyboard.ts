import { useEffect } from 'react'
import { getAppStore } from '../../store'

/** ←/→ step, Space play/pause, Home/End, P presenter mode, ? help, Esc closes help (then presenter mode). Ignored while typing. */
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
        case 'p':
        case 'P':
          s.setPresenter(!s.presenter)
          break
        case 'Escape':
          if (s.helpOpen) s.setHelpOpen(false)
          else if (s.presenter) s.setPresenter(false)
          else return
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
