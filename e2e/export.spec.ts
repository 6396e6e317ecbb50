/**
 * The Export menu downloads what it names: a PNG and an SVG of the canvas at this step (with the
 * devices' real names as text), the trace byte-identical to `npm run trace -- <file> --json`, and
 * the scenario file as it was loaded, and a pcapng byte-identical to the CLI's `--pcap` that tshark
 * reads. Custom scenarios' links carry the file in `#s=`.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync, strToU8 } from 'fflate'
import Ajv from 'ajv'
import { test, expect } from './fixtures'
import type { Download, Page } from '@playwright/test'

const root = join(import.meta.dirname, '..')
const scenarioFile = (id: string) => readFileSync(join(root, 'scenarios', `${id}.yaml`), 'utf8')

async function exportAs(page: Page, kind: string): Promise<{ download: Download; bytes: Buffer }> {
  await page.getByTestId('header.export').click()
  await expect(page.getByTestId('export.menu')).toBeVisible()
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export.${kind}`).click()])
  const path = await download.path()
  await expect(page.getByTestId('export.status')).toHaveText(`✓ Saved ${download.suggestedFilename()}`)
  await expect(page.getByTestId('export.menu')).toHaveCount(0)
  return { download, bytes: readFileSync(path) }
}

test('PNG and SVG show the canvas of this step with the devices named', async ({ page, openJourney, playback }) => {
  await page.setViewportSize({ width: 1280, height: 720 })
  await openJourney('scenario=pod-to-service&lang=en')
  for (let i = 0; i < 3; i++) await playback.next()

  const png = await exportAs(page, 'png')
  expect(png.download.suggestedFilename()).toBe('pod-to-service-step-3.png')
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(png.bytes.subarray(12, 16).toString('latin1')).toBe('IHDR')
  const width = png.bytes.readUInt32BE(16)
  const height = png.bytes.readUInt32BE(20)
  // Twice the SVG's size, so it stays sharp on a projector; a whole cluster is wide.
  expect(width).toBeGreaterThan(1200)
  expect(height).toBeGreaterThan(400)

  const svg = await exportAs(page, 'svg')
  expect(svg.download.suggestedFilename()).toBe('pod-to-service-step-3.svg')
  const text = svg.bytes.toString('utf8')
  // Parsed by the browser's own XML parser: a malformed file gives a <parsererror> document.
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml')
    return {
      error: doc.getElementsByTagName('parsererror').length,
      root: doc.documentElement.nodeName,
      texts: [...doc.getElementsByTagName('text')].map((e) => e.textContent ?? ''),
    }
  }, text)
  expect(parsed.error).toBe(0)
  expect(parsed.root).toBe('svg')
  // Every device the canvas shows is named in the file.
  const names = await page.locator('.react-flow__node .pj-device-name').allTextContents()
  expect(names.length).toBeGreaterThan(5)
  for (const n of names) expect(parsed.texts.some((t) => t.includes(n.replace(/…$/, '')))).toBe(true)
})

test('the trace JSON is the CLI’s --json, byte for byte, and valid against the schema', async ({ page, openJourney }) => {
  await openJourney('scenario=pod-to-service')
  const { download, bytes } = await exportAs(page, 'json')
  expect(download.suggestedFilename()).toBe('pod-to-service.trace.json')
  const trace = JSON.parse(bytes.toString('utf8')) as { seed: number }
  const schema = JSON.parse(readFileSync(join(root, 'scenarios/schema/trace.schema.json'), 'utf8'))
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
  expect(validate(trace), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
  const cli = execFileSync('npx', ['tsx', 'src/cli/main.ts', 'scenarios/pod-to-service.yaml', '--json', '--seed', String(trace.seed)], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  })
  expect(bytes.equals(cli)).toBe(true)
})

test('the pcapng is the CLI’s --pcap, byte for byte, and tshark reads the VXLAN journey', async ({ page, openJourney }) => {
  await openJourney('scenario=pod-to-pod-cross-node-vxlan&lang=en')
  const trace = JSON.parse((await exportAs(page, 'json')).bytes.toString('utf8')) as { seed: number }
  const { download, bytes } = await exportAs(page, 'pcapng')
  expect(download.suggestedFilename()).toBe('pod-to-pod-cross-node-vxlan.pcapng')
  // A Section Header Block, little-endian (byte-order magic 0x1A2B3C4D as written).
  expect(bytes.readUInt32LE(0)).toBe(0x0a0d0d0a)
  expect(bytes.readUInt32LE(8)).toBe(0x1a2b3c4d)
  const dir = mkdtempSync(join(tmpdir(), 'pj-pcap-'))
  const cliFile = join(dir, 'cli.pcapng')
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'scenarios/pod-to-pod-cross-node-vxlan.yaml', '--seed', String(trace.seed), '--pcap', cliFile], { cwd: root })
  expect(bytes.equals(readFileSync(cliFile))).toBe(true)
  const mine = join(dir, 'page.pcapng')
  writeFileSync(mine, bytes)
  // flannel's VXLAN port is 8472, not IANA's 4789: tshark decodes it when told, as the menu says.
  const lines = execFileSync('tshark', ['-r', mine, '-d', 'udp.port==8472,vxlan', '-T', 'fields', '-e', 'frame.protocols'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split('\n')
  expect(lines.length).toBeGreaterThan(5)
  expect(lines.some((l) => l.includes('eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp'))).toBe(true)
  rmSync(dir, { recursive: true, force: true })
})

test('the scenario YAML is the file itself; the menu works from the keyboard', async ({ page, openJourney }) => {
  await openJourney('scenario=nodeport&lang=zh')
  await page.getByTestId('header.export').focus()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('export.png')).toBeFocused()
  await page.keyboard.press('End')
  await expect(page.getByTestId('export.pcapng')).toBeFocused()
  await expect(page.getByTestId('export.pcapng')).not.toHaveAttribute('aria-disabled', 'true')
  await page.keyboard.press('ArrowUp')
  await expect(page.getByTestId('export.yaml')).toBeFocused()
  await expect(page.getByTestId('export.yaml')).toHaveText('场景文件（YAML）')
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
  expect(download.suggestedFilename()).toBe('nodeport.yaml')
  expect(readFileSync(await download.path(), 'utf8')).toBe(scenarioFile('nodeport'))
  await expect(page.getByTestId('header.export')).toBeFocused()
  await expect(page.getByTestId('export.status')).toHaveText('✓ 已保存 nodeport.yaml')
  // Escape closes without exporting.
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('export.menu')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('export.menu')).toHaveCount(0)
  await expect(page.getByTestId('header.export')).toBeFocused()
})

test('a custom scenario’s copied link and embed code carry it in #s= and open it elsewhere', async ({ page, browser, openJourney, playback }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  const source = scenarioFile('pod-to-pod-same-node').replace(/title:\s*\n(\s+)en:.*\n/, (m, sp: string) => `title:\n${sp}en: My own journey\n`)
  expect(source).toContain('en: My own journey')
  const fragment = Buffer.from(deflateSync(strToU8(source))).toString('base64url')
  await openJourney(`lang=en#s=${fragment}`)
  await expect(page.getByTestId('header.scenario')).toBeVisible()
  await playback.next()
  await page.getByTestId('header.copyLink').click()
  await expect(page.getByTestId('share.status')).toHaveText('✓ Copied')
  const link = await page.evaluate(() => navigator.clipboard.readText())
  expect(link).not.toContain('scenario=')
  expect(link).toMatch(/#s=[\w-]+$/)
  await page.getByTestId('header.copyEmbed').click()
  // Compressing is asynchronous: wait for the clipboard to hold the snippet, not the link.
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^<iframe/)
  const embed = await page.evaluate(() => navigator.clipboard.readText())
  expect(embed).toMatch(/^<iframe src="[^"]+\?embed=1&step=1&[^"]*#s=[\w-]+" /)
  expect(embed).toContain('title="Packet Journeys: My own journey"')

  const fresh = await browser.newContext()
  const other = await fresh.newPage()
  await other.goto(link)
  await expect(other.getByTestId('playback.counter')).toHaveText(/^\D*1\s*\//)
  await expect(other.getByTestId('header.title')).toHaveText('My own journey')
  // The picker names it rather than showing the first built-in as if it were chosen.
  await expect(other.getByTestId('header.scenario')).toHaveValue('')
  await expect(other.getByTestId('header.scenario.custom')).toHaveText('Your scenario: My own journey')
  expect(await other.getByTestId('header.scenario').evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)).toBe(
    'Your scenario: My own journey',
  )
  await other.goto(/src="([^"]+)"/.exec(embed)![1]!)
  await expect(other.getByTestId('playback.counter')).toHaveText(/^\D*1\s*\//)
  await fresh.close()
})
