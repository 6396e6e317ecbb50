/**
 * The Export menu's actions: build the file for the current step and hand it to the browser
 * as a download. Loaded with import() on first use (ExportMenu), so the SVG writer, the PNG
 * rasteriser and the trace builder cost the first page load nothing.
 */
import { selectPosition } from '../../store/selectors'
import type { AppState } from '../../store/types'
import { canvasSvg } from './svg'
import { traceJson, traceJsonText } from './trace-json'
import { traceToPcapng } from '../../engine/trace/pcapng'

export type ExportKind = 'png' | 'svg' | 'json' | 'yaml' | 'pcapng'

/** Why an export could not be made, in words the menu shows (or an i18n key for the usual case). */
export class ExportError extends Error {
  constructor(message: string, readonly notReady = false) {
    super(message)
  }
}

/** Device pixels per SVG pixel: sharp on a projector and a retina laptop, whatever this screen is. */
const PNG_SCALE = 2
/** Chromium and Firefox refuse canvases past 16384 px a side or ~268 M pixels; stay well inside. */
const MAX_SIDE = 16_384
const MAX_AREA = 120_000_000

/** The name files are saved under: the scenario id, else the file name without its extension. */
function baseName(s: AppState): string {
  const raw = s.scenarioId ?? (s.fileName.replace(/\.ya?ml$/i, '') || 'scenario')
  return raw.replace(/[^\w.-]+/g, '-')
}

/** Builds the file for `kind` from the store and downloads it; returns the file name. */
export async function runExport(kind: ExportKind, s: AppState): Promise<string> {
  const step = selectPosition(s).index + 1
  const file = exportFileName(kind, s, step)
  switch (kind) {
    case 'svg':
      requireCanvas(s)
      download(file, new Blob([canvasSvg(s)], { type: 'image/svg+xml' }))
      return file
    case 'png':
      requireCanvas(s)
      download(file, await svgToPng(canvasSvg(s)))
      return file
    case 'json': {
      const built = traceJson(s)
      if (!built.ok) throw new ExportError(built.missing.join(', '), true)
      download(file, new Blob([traceJsonText(built.trace)], { type: 'application/json' }))
      return file
    }
    case 'pcapng': {
      // The same trace the JSON export writes, so the capture matches `--pcap` of the CLI.
      const built = traceJson(s)
      if (!built.ok) throw new ExportError(built.missing.join(', '), true)
      const bytes = traceToPcapng(built.trace)
      download(file, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.tcpdump.pcap' }))
      return file
    }
    case 'yaml':
      if (!s.source) throw new ExportError('source', true)
      download(file, new Blob([s.source], { type: 'application/yaml' }))
      return file
    default: {
      const never: never = kind
      throw new Error(`unknown export ${String(never)}`)
    }
  }
}

export function exportFileName(kind: ExportKind, s: AppState, step: number): string {
  const base = baseName(s)
  switch (kind) {
    case 'png':
    case 'svg':
      return `${base}-step-${step}.${kind}`
    case 'json':
      return `${base}.trace.json`
    case 'pcapng':
      return `${base}.pcapng`
    case 'yaml':
      return s.fileName || `${base}.yaml`
  }
}

function requireCanvas(s: AppState) {
  if (!s.topology) throw new ExportError('topology', true)
}

/** Rasterises the SVG through an <img> (it has no external resources, so the canvas stays untainted). */
async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }))
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    const w = img.naturalWidth
    const h = img.naturalHeight
    const scale = Math.min(PNG_SCALE, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_AREA / (w * h)))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.floor(w * scale))
    canvas.height = Math.max(1, Math.floor(h * scale))
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new ExportError('no 2D canvas in this browser')
    ctx.scale(scale, scale)
    ctx.drawImage(img, 0, 0, w, h)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new ExportError('the browser could not encode the PNG'))), 'image/png'),
    )
  } finally {
    URL.revokeObjectURL(url)
  }
}

function download(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // The browser reads the URL asynchronously after click(); revoke once it surely has.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}
