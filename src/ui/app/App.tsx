import { useEffect } from 'react'
import { ReactFlowProvider } from '@xyflow/react'
import { useAppStore } from '../../store'
import type { EngineBridge } from '../../worker/bridge'
import { Header } from '../controls/Header'
import { FlowCanvas } from '../canvas/FlowCanvas'
import { SidePanel } from './SidePanel'
import { Timeline } from '../timeline/Timeline'
import { SequenceDiagram } from '../timeline/SequenceDiagram'
import { EngineBanner } from './EngineBanner'
import { HelpOverlay } from './HelpOverlay'
import { Diagnostics } from './Diagnostics'
import { LinkNotice } from './LinkNotice'
import { StepAnnouncer } from './StepAnnouncer'
import { PresenterNarration } from './PresenterNarration'
import { useKeyboard } from './keyboard'
import { usePlaybackTimer } from './usePlaybackTimer'
import { useT } from '../i18n/useT'

export function App({ bridge }: { bridge: EngineBridge }) {
  const t = useT()
  const theme = useAppStore((s) => s.theme)
  const locale = useAppStore((s) => s.locale)
  const loading = useAppStore((s) => s.loadStatus === 'loading' || s.traceStatus === 'streaming')
  const sequenceOpen = useAppStore((s) => s.sequenceOpen)
  const presenter = useAppStore((s) => s.presenter)
  useKeyboard()
  usePlaybackTimer()
  useEffect(() => {
    document.documentElement.dataset.theme = theme
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en'
    document.title = t('app.title')
  }, [theme, locale, t])
  return (
    <div className={`pj-app${presenter ? ' is-presenter' : ''}`}>
      <Header />
      <EngineBanner bridge={bridge} />
      <LinkNotice />
      <Diagnostics />
      <main className="pj-main">
        {/* The sequence diagram sits under the map it mirrors, so the side panel can run the
            full height beside both (tables need the rows; the diagram needs the width). */}
        <div className="pj-canvas-col">
          <ReactFlowProvider>
            <FlowCanvas />
          </ReactFlowProvider>
          {presenter ? <PresenterNarration /> : sequenceOpen && <SequenceDiagram />}
        </div>
        {loading && <div className="pj-loading" data-testid="app.loading">{t('engine.loading')}</div>}
        {!presenter && <SidePanel />}
      </main>
      <Timeline />
      <HelpOverlay />
      <StepAnnouncer />
    </div>
  )
}
