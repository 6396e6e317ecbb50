import { useState } from 'react'
import { useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import type { EngineBridge } from '../../worker/bridge'

/** The engine's trouble in plain words: restarted (info), gave up (with retry/reload), or an error. */
export function EngineBanner({ bridge }: { bridge: EngineBridge }) {
  const t = useT()
  const status = useAppStore((s) => s.engineStatus)
  const error = useAppStore((s) => s.engineError)
  const stalledAfter = useAppStore((s) => s.engineStalledAfter)
  const [dismissed, setDismissed] = useState<string | null>(null)
  if (!error || dismissed === error) return null
  const failed = status === 'failed'
  const text = failed
    ? t('engine.failed')
    : stalledAfter !== null
      ? t('engine.stalled', { seconds: stalledAfter })
      : status === 'crashed' || status === 'ready'
        ? t('engine.crashed')
        : t('engine.error', { message: error })
  return (
    <div className={`pj-banner${failed ? ' is-error' : ''}`} role="alert" data-testid="engine.banner">
      <span>{text}</span>
      {/* The engine's own words help a bug report; a stall has none beyond the sentence above. */}
      {stalledAfter === null && <span className="pj-muted pj-mono">{error}</span>}
      {failed ? (
        <>
          <button onClick={() => bridge.restart()}>{t('engine.retry')}</button>
          <button onClick={() => location.reload()}>{t('engine.reload')}</button>
        </>
      ) : (
        <button onClick={() => setDismissed(error)}>{t('engine.dismiss')}</button>
      )}
    </div>
  )
}
