/**
 * Tables follow the packet (issue #12): at each step the Tables tab opens on the namespace and
 * the row that decided or changed — the KUBE-SEP DNAT rule in node1's nat table, the conntrack
 * entry the step created — already scrolled into the side panel's viewport and marked in words;
 * the search box narrows the shown namespace's tables, in the grids and in the raw text alike.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator } from '@playwright/test'
import { test, expect } from './fixtures'
import { runLab } from '../src/engine'
import { loadScenarioSource } from '../src/scenario'
import { buildSteps } from '../src/store/steps'
import { FILTERABLE } from '../src/store/types'

function journey(id: string) {
  const { spec } = loadScenarioSource(readFileSync(join(import.meta.dirname, '../scenarios', `${id}.yaml`), 'utf8'), `${id}.yaml`)
  const trace = runLab(spec!).trace!
  const kinds = new Map(trace.topology.hosts.map((h) => [h.name, h.kind as string]))
  return { hops: trace.hops, steps: buildSteps(trace.hops, 'kubernetes', [...FILTERABLE], (h) => kinds.get(h)) }
}

const { hops, steps } = journey('pod-to-service')
const dnat = hops.find((h) => h.kind === 'nat.dnat' && h.rule.includes('KUBE-SEP-'))!
/** The Kubernetes view's step (1-based, as the counter shows it) whose events include the DNAT. */
const dnatStep = steps.findIndex((s) => s.first <= dnat.seq && dnat.seq <= s.last) + 1
/** The kernel view's hop at which conntrack writes node1's entry for the connection. */
const ctCreated = hops.find((h) => h.netns === 'node1' && h.deltas.some((d) => d.table === 'conntrack' && !d.before))!

/** Where `el` sits against its scroll container's viewport, below the sticky bar. */
async function placement(el: Locator) {
  return el.evaluate((node) => {
    let sp = node.parentElement
    while (sp && !/(auto|scroll)/.test(getComputedStyle(sp).overflowY)) sp = sp.parentElement
    const box = sp!.getBoundingClientRect()
    const bar = document.querySelector('.pj-tables-bar')!.getBoundingClientRect()
    const r = node.getBoundingClientRect()
    return {
      inside: r.top >= box.top && r.bottom <= box.bottom && r.left >= box.left - 1 && r.left < box.right,
      belowBar: r.top >= bar.bottom - 1,
      scrolled: sp!.scrollTop,
    }
  })
}

test.describe('tables follow the packet', () => {
  test('the DNAT step opens on node1’s KUBE-SEP rule, in view without scrolling', async ({ page, openJourney, tables }) => {
    expect(dnatStep).toBeGreaterThan(0)
    await openJourney(`scenario=pod-to-service&level=kubernetes&step=${dnatStep}`)
    await tables.open()
    await expect(page.getByTestId('tables.netns').locator('option:checked')).toHaveText(/\(node1\)/)
    const rule = page.getByTestId('tables.iptables.nat').locator('[data-focus]')
    await expect(rule).toHaveCount(1)
    await expect(rule).toContainText(/-A KUBE-SEP-[A-Z0-9]+ .*-j DNAT --to-destination 10\.244\.\d+\.\d+:8080/)
    // Marked in words, not only in colour.
    await expect(rule).toContainText('◀ this rule rewrote the packet')
    await expect(page.getByTestId('tables.focus.show')).toContainText(/nat KUBE-SEP-\S+ #\d/)
    const at = await placement(rule)
    expect(at.inside).toBe(true)
    expect(at.belowBar).toBe(true)
    // The nat table is far down the panel: the panel scrolled itself to it.
    expect(at.scrolled).toBeGreaterThan(0)
  })

  test('the step where conntrack creates the entry opens on the new row, in view', async ({ page, openJourney, tables }) => {
    await openJourney(`scenario=pod-to-service&level=kernel&hop=${ctCreated.seq}`)
    await tables.open()
    const row = tables.section('conntrack').locator('tbody tr[data-focus]')
    await expect(row).toHaveCount(1)
    await expect(row).toContainText('10.96.0.10')
    await expect(row).toContainText('10.244.2.2')
    const at = await placement(row)
    expect(at.inside).toBe(true)
    expect(at.belowBar).toBe(true)
    // Marked in words, on a note under the row that stays on screen however wide the row.
    const note = tables.section('conntrack').getByTestId('tables.focusNote')
    await expect(note).toHaveText('▲ added at this step')
    expect((await placement(note.locator('.pj-focus-tag'))).inside).toBe(true)
  })

  test('every step of the journey brings its row into view', async ({ page, openJourney, playback, tables }) => {
    await openJourney('scenario=pod-to-service&level=kubernetes&step=1')
    await tables.open()
    const [, total] = await playback.position()
    for (let n = 1; n <= total; n++) {
      const focus = page.locator('[data-testid="tables"] [data-focus]')
      if (await page.getByTestId('tables.focus').count()) {
        await expect(focus).toHaveCount(1)
        expect((await placement(focus)).inside, `step ${n}`).toBe(true)
      }
      if (n < total) await playback.next()
    }
  })

  test('the search box narrows the shown namespace’s rows, in the grid and in the raw text', async ({ page, openJourney, tables }) => {
    await openJourney(`scenario=pod-to-service&level=kubernetes&step=${dnatStep}`)
    await tables.open()
    const search = page.getByTestId('tables.search')
    await expect(page.getByText('Search rows')).toBeVisible()
    await search.fill('kube-sep')
    const rules = page.getByTestId('tables.iptables.rule')
    expect(await rules.count()).toBeGreaterThan(0)
    for (const text of await rules.allInnerTexts()) expect(text).toMatch(/KUBE-SEP-/i)
    await expect(page.getByTestId('tables.searchCount')).toHaveText(`${await rules.count()} matching rows`)
    await expect(tables.section('route')).toContainText('(no matching rows)')
    await search.fill('10.244.2.2')
    await expect(tables.rows('conntrack')).toHaveCount(1)
    // The raw view filters the command's own lines, and says so with the pipe a user would type.
    await tables.toggleRaw()
    await expect(tables.section('conntrack')).toContainText("$ conntrack -L | grep -iF '10.244.2.2'")
    const raw = (await page.getByTestId('tables.raw.iptables').innerText()).split('\n')
    expect(raw.length).toBeGreaterThan(0)
    for (const line of raw) expect(line).toContain('10.244.2.2')
    await search.fill('')
    await expect(page.getByTestId('tables.raw.iptables')).toContainText('*nat')
    await page.getByTestId('header.language').click()
    await expect(page.getByText('搜索行')).toBeVisible()
  })
})
