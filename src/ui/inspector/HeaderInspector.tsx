import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../store'
import { selectHeaderDiff, type HeaderLayer } from '../../store/selectors'
import { useT } from '../i18n/useT'

/** The header stack at this hop, outer first; VXLAN's inner frame indented inside the outer. */
export function HeaderInspector() {
  const t = useT()
  const layers = useAppStore(useShallow((s) => selectHeaderDiff(s) ?? []))
  if (!layers.length) return <p className="pj-empty" data-testid="inspector">{t('inspector.none')}</p>
  const nested = layers.some((l) => l.depth > 0)
  return (
    <div className="pj-inspector" data-testid="inspector">
      <p className="pj-legend">
        <span className="pj-diff-sample">{t('inspector.legendSample')}</span> {t('inspector.changed')}
      </p>
      {layers.map((l, i) => (
        <Layer key={`${l.depth}-${l.name}-${i}`} layer={l} nested={nested} />
      ))}
    </div>
  )
}

function Layer({ layer, nested }: { layer: HeaderLayer; nested: boolean }) {
  const t = useT()
  const changed = layer.fields.some((f) => f.before !== undefined)
  return (
    <section
      className={`pj-layer pj-layer-${layer.name.toLowerCase()}${changed ? ' has-change' : ''}${layer.added ? ' is-added' : ''}${layer.pending ? ' is-pending' : ''}`}
      style={{ marginLeft: layer.depth * 18 }}
      data-testid={`inspector.layer.${layer.depth > 0 ? 'inner.' : ''}${layer.name.toLowerCase()}`}
    >
      <h4>
        {layer.name}
        {nested && <span className="pj-muted"> · {layer.depth === 0 ? t('inspector.outer') : t('inspector.inner')}</span>}
        {layer.added && (
          <span className="pj-added-tag"> + {layer.name === 'Ethernet' ? t('inspector.ethBuilt') : t('inspector.added')}</span>
        )}
      </h4>
      {layer.pending ? (
        <p className="pj-pending" data-testid="inspector.ethPending">
          {t('inspector.ethPending')}
        </p>
      ) : (
        <dl>
          {layer.fields.map((f) => (
            <div key={f.name} className={f.before !== undefined ? 'is-changed' : undefined} data-testid={f.before !== undefined ? 'inspector.diff' : undefined}>
              <dt>{f.name}</dt>
              <dd className="pj-mono">
                {f.before !== undefined && (
                  <>
                    <del>{f.before}</del> →{' '}
                  </>
                )}
                {f.value}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}
