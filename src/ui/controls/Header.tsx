import { useAppStore, getAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { ScenarioPicker } from './ScenarioPicker'
import { ShareButtons } from './ShareButtons'
import { ExportMenu } from './ExportMenu'
import type { Level } from '../../store/types'

const LEVELS: Level[] = ['kubernetes', 'kernel']

export function Header() {
  const t = useT()
  const level = useAppStore((s) => s.level)
  const locale = useAppStore((s) => s.locale)
  const theme = useAppStore((s) => s.theme)
  const presenter = useAppStore((s) => s.presenter)
  const meta = useAppStore((s) => s.meta)
  const st = getAppStore().getState()
  return (
    <header className="pj-header">
      {/* The page's one h1: the app's name, styled as the header's brand. */}
      <h1 className="pj-brand">{t('app.title')}</h1>
      <ScenarioPicker />
      <div className="pj-title" data-testid="header.title" title={meta?.summary[locale]}>
        {meta?.title[locale] ?? ''}
      </div>
      <div className="pj-segmented" role="radiogroup" aria-label={t('header.level')}>
        {LEVELS.map((l) => (
          <button key={l} role="radio" aria-checked={level === l} data-testid={`header.level.${l}`} onClick={() => st.setLevel(l)}>
            {t(`level.${l}`)}
          </button>
        ))}
      </div>
      <button
        className="pj-lang"
        data-testid="header.language"
        aria-label={t('header.language')}
        onClick={() => st.setLocale(locale === 'en' ? 'zh' : 'en')}
        lang={locale === 'en' ? 'zh' : 'en'}
      >
        {locale === 'en' ? '中文' : 'English'}
      </button>
      <button
        className="pj-icon-btn"
        data-testid="header.theme"
        aria-label={`${t('header.theme')}: ${theme === 'light' ? t('theme.dark') : t('theme.light')}`}
        title={theme === 'light' ? t('theme.dark') : t('theme.light')}
        onClick={() => st.setTheme(theme === 'light' ? 'dark' : 'light')}
      >
        {theme === 'light' ? '☾' : '☀'}
      </button>
      <button
        className="pj-icon-btn"
        data-testid="header.presenter"
        aria-pressed={presenter}
        aria-label={t('header.presenter')}
        title={`${t('header.presenter')} (P)`}
        onClick={() => st.setPresenter(!presenter)}
      >
        ▣
      </button>
      <ShareButtons />
      <ExportMenu />
      <button className="pj-icon-btn" data-testid="header.help" aria-label={t('header.help')} title={`${t('header.help')} (?)`} onClick={() => st.setHelpOpen(true)}>
        ?
      </button>
    </header>
  )
}
