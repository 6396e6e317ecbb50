import { useEffect, useRef, useState } from 'react'
import { getAppStore, useAppStore } from '../../store'
import { useT } from '../i18n/useT'
import type { ExportKind } from '../export/run-export'

type Item = { kind: ExportKind; label: string; hint?: string; disabled?: boolean }

/**
 * Header "Export" menu: the canvas of this step as PNG or SVG, the trace as the CLI's JSON, the
 * scenario file, and every frame of the journey as pcapng. The writers load with import() on first
 * use, so they cost the first page load nothing. A WAI-ARIA menu button: Enter/Space/↓ opens it
 * on the first item, ↑/↓/Home/End move, Escape or a click outside closes it.
 */
export function ExportMenu() {
  const t = useT()
  const [open, setOpen] = useState(false)
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)
  const ready = useAppStore((s) => s.traceStatus === 'done' && !!s.topology)
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const items: Item[] = [
    { kind: 'png', label: t('export.png') },
    { kind: 'svg', label: t('export.svg') },
    { kind: 'json', label: t('export.json') },
    { kind: 'yaml', label: t('export.yaml') },
    { kind: 'pcapng', label: t('export.pcapng'), hint: t('export.pcapngHint') },
  ]

  useEffect(() => {
    if (!open) return
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', away)
    root.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus()
    return () => document.removeEventListener('pointerdown', away)
  }, [open])

  const say = (ok: boolean, text: string) => {
    setStatus({ ok, text })
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setStatus(null), ok ? 3000 : 8000)
  }

  const run = async (item: Item) => {
    if (item.disabled) return
    setOpen(false)
    button.current?.focus()
    try {
      const { runExport, ExportError } = await import('../export/run-export')
      try {
        const file = await runExport(item.kind, getAppStore().getState())
        say(true, t('export.saved', { file }))
      } catch (e) {
        if (e instanceof ExportError && e.notReady) say(false, t('export.notReady'))
        else say(false, t('export.failed', { reason: e instanceof Error ? e.message : String(e) }))
      }
    } catch (e) {
      say(false, t('export.failed', { reason: e instanceof Error ? e.message : String(e) }))
    }
  }

  const onMenuKey = (e: React.KeyboardEvent) => {
    const all = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const at = all.indexOf(document.activeElement as HTMLElement)
    const go = (i: number) => all[(i + all.length) % all.length]?.focus()
    if (e.key === 'ArrowDown') go(at + 1)
    else if (e.key === 'ArrowUp') go(at - 1)
    else if (e.key === 'Home') go(0)
    else if (e.key === 'End') go(all.length - 1)
    else if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false)
      if (e.key === 'Escape') button.current?.focus()
      return
    } else return
    e.preventDefault()
  }

  return (
    <div className="pj-export" ref={root}>
      <button
        ref={button}
        data-testid="header.export"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="pj-export-menu"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setOpen(true)
          }
        }}
      >
        {t('export.menu')} ▾
      </button>
      <span className={`pj-export-status${status?.ok === false ? ' pj-export-error' : ''}`} role="status" aria-live="polite" data-testid="export.status">
        {status ? (status.ok ? `✓ ${status.text}` : status.text) : ''}
      </span>
      {open && (
        <div id="pj-export-menu" className="pj-export-menu" role="menu" aria-label={t('export.heading')} onKeyDown={onMenuKey} data-testid="export.menu">
          <div className="pj-export-heading" aria-hidden="true">
            {t('export.heading')}
          </div>
          {items.map((item) => (
            <button
              key={item.kind}
              role="menuitem"
              tabIndex={-1}
              aria-disabled={item.disabled || (!ready && item.kind !== 'yaml') || undefined}
              data-testid={`export.${item.kind}`}
              onClick={() => void run(item)}
            >
              <span>{item.label}</span>
              {item.hint && <small className="pj-muted">{item.hint}</small>}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
