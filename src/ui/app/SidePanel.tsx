import { useAppStore, getAppStore } from '../../store'
import type { PanelTab } from '../../store/types'
import { useT } from '../i18n/useT'
import { StepPanel } from './StepPanel'
import { HeaderInspector } from '../inspector/HeaderInspector'
import { TablesPanel } from '../tables/TablesPanel'

const TABS: PanelTab[] = ['step', 'packet', 'tables']

export function SidePanel() {
  const t = useT()
  const tab = useAppStore((s) => s.tab)
  return (
    <aside className="pj-side">
      <div role="tablist" className="pj-tabs">
        {TABS.map((id) => (
          <button
            key={id}
            role="tab"
            id={`pj-tab-${id}`}
            aria-controls="pj-tabpanel"
            aria-selected={tab === id}
            data-testid={`panel.tab.${id}`}
            onClick={() => getAppStore().getState().setTab(id)}
          >
            {t(`tab.${id}`)}
          </button>
        ))}
      </div>
      {/* The panel scrolls: it takes focus so the keyboard can scroll it, named by its tab. */}
      <div className="pj-side-body" role="tabpanel" id="pj-tabpanel" aria-labelledby={`pj-tab-${tab}`} tabIndex={0}>
        {tab === 'step' && <StepPanel />}
        {tab === 'packet' && <HeaderInspector />}
        {tab === 'tables' && <TablesPanel />}
      </div>
    </aside>
  )
}
