import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../store'
import { eventShown, hopCategory, selectPosition, selectReplyPackets, selectStepHops, selectChoosesEndpoint } from '../../store/selectors'
import { getAppStore } from '../../store'
import { useT } from '../i18n/useT'
import { stepText } from '../shared/step-text'
import { describeHop } from '../shared/describe-hop'
import { describeOutcomeWhy } from '../shared/describe-why'
import { CATEGORY_ICON, categoryVar } from '../shared/categories'
import { selectBadgeHop } from '../canvas/acting'
import type { MessageKey } from '../i18n/en'
import { ScenarioIntro } from './ScenarioIntro'

/** This step: the narration, where it happens, and each event of the step in one line. */
export function StepPanel() {
  const t = useT()
  const pos = useAppStore(useShallow((s) => selectPosition(s)))
  const hops = useAppStore(useShallow((s) => selectStepHops(s)))
  const main = useAppStore(selectBadgeHop)
  // Subscribed so the text below is redone when captions arrive (stepText reads them).
  useAppStore((s) => s.captions)
  const outcome = useAppStore((s) => s.outcome)
  const replies = useAppStore(useShallow((s) => [...selectReplyPackets(s)]))
  const level = useAppStore((s) => s.level)
  const filter = useAppStore((s) => s.filter)
  const seed = useAppStore((s) => s.seed)
  // A journey in which kube-proxy (or IPVS) picks an endpoint can be re-run with another seed.
  const choosesEndpoint = useAppStore(selectChoosesEndpoint)
  const atEnd = pos.index === pos.total - 1 && pos.total > 0
  if (!main || !pos.step)
    return (
      <div className="pj-step">
        <p className="pj-ready" data-testid="step.ready">{t('step.ready')}</p>
        <ScenarioIntro />
      </div>
    )
  // One source for what a step says, shared with the embed player and its `step` events; the
  // subscriptions above re-render this panel whenever any of its inputs change.
  const text = stepText(getAppStore().getState(), t)!
  const story = pos.step.story
  // The Kubernetes view names the packet by its role (the engine's own request/reply leg, or
  // ARP, DNS, a proxy's upstream connection, an ICMP error); the kernel view keeps request/reply.
  const reply = story?.role ? story.role.kind === 'reply' || story.role.kind === 'dns-answer' || story.role.kind === 'upstream-reply' : replies.includes(main.packet)
  const roleText = story?.role ? t(`role.${story.role.kind}` as MessageKey) : reply ? t('step.reply') : t('step.request')
  return (
    <div className="pj-step" data-testid="step">
      <h2 className="pj-step-title" data-testid="step.summary">
        {text.title}
      </h2>
      <p className="pj-where">
        <span className="pj-label">{t('step.where')}</span>{' '}
        <span className="pj-mono">
          {main.host} · {main.netns}
          {main.dev ? ` · ${main.dev}` : ''}
        </span>{' '}
        <span className={`pj-pill${reply ? ' is-reply' : ''}`}>
          {t('step.packet', { n: story?.packet || main.packet })} · {roleText}
        </span>
      </p>
      {choosesEndpoint && (
        <p className="pj-reseed">
          <button type="button" data-testid="step.anotherEndpoint" onClick={() => getAppStore().getState().requestNextSeed()} title={t('step.anotherEndpointHint')}>
            {t('step.anotherEndpoint')}
          </button>{' '}
          <span className="pj-muted">{t('step.seed', { seed: seed ?? 1 })}</span>
        </p>
      )}
      <section className="pj-narration" data-testid="step.narration">
        <h3>{t('step.narration')}</h3>
        {text.captioned ? (
          text.narration.map((c, i) => <p key={i}>{c}</p>)
        ) : text.narration.length ? (
          <p data-testid="step.generated">{text.narration[0]}</p>
        ) : (
          <p>{t('step.noNarration')}</p>
        )}
      </section>
      <section>
        <h3>{pos.step.fold || story ? t('fold.title') : t('step.events')}</h3>
        <ol className="pj-events">
          {hops
            // The Kubernetes view folds every event into its step; the filter chips decide which are listed.
            .filter((h) => level === 'kernel' || eventShown(h, filter))
            .map((h) => {
            const c = hopCategory(h)
            return (
              <li key={h.seq} data-testid="step.event">
                <span className="pj-cat" style={{ background: categoryVar(c) }} title={t(`cat.${c}` as MessageKey)}>
                  {CATEGORY_ICON[c]}
                </span>
                <span className="pj-seq">#{h.seq}</span> {describeHop(h, t)}
              </li>
            )
          })}
        </ol>
      </section>
      {atEnd && outcome && (
        <p className={`pj-outcome pj-outcome-${outcome.kind}`} data-testid="step.outcome">
          <strong>{t('step.outcome')}:</strong> {t(`outcome.${outcome.kind}` as MessageKey)} — {describeOutcomeWhy(outcome.why, t)}
        </p>
      )}
    </div>
  )
}

