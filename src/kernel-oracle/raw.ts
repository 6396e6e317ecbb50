/**
 * What tcpdump printed, as one text file: a `# <netns> <dev> <in|out>` header per capture,
 * then its lines. The oracle writes it for every case (.kernel-oracle/<case>.tcpdump.txt), and
 * the parser's tests read captures saved in this format (__fixtures__/).
 */
import type { RawCapture } from './capture'

export function formatRaw(caps: RawCapture[]): string {
  return caps.map((c) => [`# ${c.netns} ${c.dev} ${c.dir}`, ...c.lines.filter((l) => l.trim())].join('\n') + '\n').join('')
}

export function parseRaw(text: string): RawCapture[] {
  const caps: RawCapture[] = []
  for (const line of text.split('\n')) {
    const h = /^# (\S+) (\S+) (in|out)$/.exec(line)
    if (h) caps.push({ netns: h[1]!, dev: h[2]!, dir: h[3] as 'in' | 'out', lines: [] })
    else if (line.trim() && caps.length) caps[caps.length - 1]!.lines.push(line)
  }
  return caps
}
