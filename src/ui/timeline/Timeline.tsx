import { useAppStore, getAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { PlaybackBar } from './PlaybackBar'
import { Scrubber } from './Scrubber'
import { EventFilter } from './EventFilter'

export function Timeline() {
  const t = useT()
  const open = useAppStore((s) => s.sequenceOpen)
  return (
    <footer className="pj-timeline">
      <div className="pj-timeline-row">
        <PlaybackBar />
        <Scrubber />
      </div>
      <div className="pj-timeline-row">
        <EventFilter />
        <button className="pj-link" data-testid="timeline.sequenceToggle" aria-expanded={open} onClick={() => getAppStore().getState().setSequenceOpen(!open)}>
          {open ? `▾ ${t('seq.hide')}` : `▸ ${t('seq.show')}`}
        </button>
      </div>
    </footer>
  )
}
