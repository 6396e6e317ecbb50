import { useEffect } from 'react'
import { useAppStore, getAppStore } from '../../store'

/** While playing, advance one step per beat; the beat shortens with speed. */
export function usePlaybackTimer() {
  const playing = useAppStore((s) => s.playing)
  const speed = useAppStore((s) => s.speed)
  useEffect(() => {
    if (!playing) return
    const id = setInterval(() => getAppStore().getState().stepBy(1), 1400 / speed)
    return () => clearInterval(id)
  }, [playing, speed])
}
