/**
 * Bringing the row a step opens on into the side panel's viewport: the panel scrolls (the one
 * scrollable ancestor), not the page, so the map and the playback bar stay where they are.
 */

function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const oy = getComputedStyle(p).overflowY
    if ((oy === 'auto' || oy === 'scroll') && p.scrollHeight > p.clientHeight) return p
  }
  return null
}

/**
 * Scrolls `root`'s scroll container so its focused row (`[data-focus]`, else the focused
 * section in the raw view) is in view below the sticky bar: with its table's heading when both
 * fit, else a third of the way down. A row already in view stays put, so stepping does not jump.
 */
export function revealFocus(root: HTMLElement | null, bar: HTMLElement | null): void {
  if (!root) return
  const target = root.querySelector<HTMLElement>('[data-focus]') ?? root.querySelector<HTMLElement>('[data-focus-section]')
  const sp = target && scrollParent(target)
  if (!target || !sp) return
  const box = sp.getBoundingClientRect()
  const top = box.top + (bar?.getBoundingClientRect().height ?? 0) + 4
  // A grid row's note (RowTable) comes into view with it.
  const note = target.nextElementSibling?.classList.contains('pj-focus-note') ? target.nextElementSibling : null
  const r = { top: target.getBoundingClientRect().top, bottom: (note ?? target).getBoundingClientRect().bottom }
  if (r.top >= top && r.bottom <= box.bottom) return
  const section = target.closest('.pj-ipt-table, section')?.getBoundingClientRect()
  const delta = section && r.bottom - section.top <= box.bottom - top ? section.top - top : r.top - top - (box.bottom - top) / 3
  sp.scrollTop += delta
}
