import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../store'
import { selectCurrentHop, selectHeaderDiff, selectReplyPackets } from '../../store/selectors'
import { useT } from '../i18n/useT'
import { frameLabel } from './packet-label'

/**
 * The packet in hand, spelled out at the canvas's top-left: protocol and src → dst, the VXLAN
 * outer header as a capsule around the inner packet, and a mark when an address was rewritten
 * at this step (NAT), so the rewrite is visible where the eye already is.
 */
export function PacketHud() {
  const t = useT()
  const hop = useAppStore(selectCurrentHop)
  const replies = useAppStore(useShallow((s) => [...selectReplyPackets(s)]))
  const rewritten = useAppStore((s) =>
    (selectHeaderDiff(s) ?? []).some((l) => l.name === 'IPv4' && l.fields.some((f) => f.before !== undefined && (f.name === 'src' || f.name === 'dst'))),
  )
  if (!hop?.frame) return null
  const reply = replies.includes(hop.packet)
  const outer = frameLabel(hop.frame, t)
  const inner = hop.frame.inner ? frameLabel(hop.frame.inner, t) : null
  return (
    <div className={`pj-hud${reply ? ' is-reply' : ''}${inner ? ' is-capsule' : ''}`} data-testid="canvas.hud">
      <div className="pj-hud-head">
        {t('step.packet', { n: hop.packet })} · {reply ? `↩ ${t('step.reply')}` : `→ ${t('step.request')}`}
        {rewritten && <span className="pj-hud-nat"> NAT ✎</span>}
      </div>
      {inner ? (
        <div className="pj-hud-capsule">
          <div className="pj-mono">
            <b>{outer.proto}</b> {outer.addrs}
            {hop.frame.vxlan ? ` · VXLAN VNI ${hop.frame.vxlan.vni}` : ''}
          </div>
          <div className="pj-hud-inner pj-mono">
            <b>{inner.proto}</b> {inner.addrs}
          </div>
        </div>
      ) : (
        <div className="pj-mono">
          <b>{outer.proto}</b> {outer.addrs}
        </div>
      )}
    </div>
  )
}
