/**
 * Matches with state: statistic (libxt_statistic.c, xt_statistic.c) and recent (libxt_recent.c,
 * xt_recent.c). Their state lives in the ruleset (the nth counter in the rule, the recent lists
 * in Ruleset.recent), so a traversal moves it exactly as the kernel would.
 */
import { defineMatch, type ExtError } from './ext'
import { formatIpv4, parseIpv4 } from './inet'
import { RECENT_MAX_STAMPS, type RecentEntry, type StatisticMatch } from './model'

const TWO_31 = 0x80000000

/** printf("%.11f", stored / 2^31): exact decimal of the fixed-point value, ties to even. */
export function formatProbability(stored: number): string {
  const scale = 10n ** 11n
  const num = BigInt(stored) * scale
  const den = BigInt(TWO_31)
  let q = num / den
  const r2 = (num % den) * 2n
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n
  const s = q.toString().padStart(12, '0')
  return `${s.slice(0, -11)}.${s.slice(-11)}`
}

/** Parse-time only: the options given, resolved into the rule's plain data by `check`. */
const statOpts = new WeakMap<object, { mode?: string; probability?: number; every?: number; packet?: number }>()

export const statisticMatch = defineMatch<'statistic'>({
  name: 'statistic',
  options: { mode: 1, probability: 1, every: 1, packet: 1 },
  invertible: ['probability', 'every'],
  init: (): StatisticMatch => ({ kind: 'statistic', mode: 'random', probability: -1, invert: false }),
  parse(m, opt, [arg = ''], invert): ExtError | undefined {
    const o = statOpts.get(m) ?? {}
    statOpts.set(m, o)
    if (invert) m.invert = true
    if (opt === 'mode') {
      if (arg !== 'random' && arg !== 'nth') return { message: `'${arg}' is not a statistic mode`, hint: 'use --mode random or --mode nth' }
      o.mode = arg
    } else if (opt === 'probability') {
      const p = Number(arg)
      if (arg === '' || !Number.isFinite(p) || p < 0 || p > 1)
        return { message: `'${arg}' is not a probability`, hint: 'use a number between 0 and 1' }
      o.probability = Math.round(TWO_31 * p)
    } else {
      const n = /^\d+$/.test(arg) ? Number(arg) : NaN
      if (!Number.isInteger(n) || n > 0xffffffff) return { message: `'${arg}' is not a number` }
      if (opt === 'every' && n === 0) return { message: '--every must be at least 1' }
      if (opt === 'every') o.every = n - 1
      else o.packet = n
    }
    return undefined
  },
  check(m) {
    const o = statOpts.get(m) ?? {}
    statOpts.delete(m)
    if (o.mode === 'random') {
      if (o.probability === undefined) return { message: 'statistic --mode random needs --probability' }
      if (o.every !== undefined || o.packet !== undefined) return { message: '--every and --packet need --mode nth' }
      Object.assign(m, { mode: 'random', probability: o.probability })
      return undefined
    }
    if (o.mode !== 'nth') return { message: 'statistic needs --mode random or --mode nth' }
    if (o.every === undefined || o.packet === undefined)
      return { message: 'statistic --mode nth needs both --every and --packet' }
    if (o.probability !== undefined) return { message: '--probability needs --mode random' }
    if (o.packet > o.every) return { message: `--packet ${o.packet} must be less than --every ${o.every + 1}` }
    const nth = m as unknown as Record<string, unknown>
    delete nth.probability
    // libxt_statistic final_check: the kernel's counter starts at every - packet.
    Object.assign(nth, { mode: 'nth', every: o.every, packet: o.packet, count: o.every - o.packet })
    return undefined
  },
  save(m) {
    const inv = m.invert ? ' !' : ''
    if (m.mode === 'random') return ` --mode random${inv} --probability ${formatProbability(m.probability)}`
    return ` --mode nth${inv} --every ${m.every + 1}${m.packet ? ` --packet ${m.packet}` : ''}`
  },
  evaluate(m, { env }) {
    if (m.mode === 'random') {
      // xt_statistic: (get_random_u32() & 0x7FFFFFFF) < probability
      const r31 = Math.floor(env.random() * TWO_31)
      return r31 < m.probability !== m.invert
    }
    m.count = m.count === m.every ? 0 : m.count + 1
    return (m.count === 0) !== m.invert
  },
})

const RECENT_CMDS = ['set', 'rcheck', 'update', 'remove'] as const
/** Parse-time only: matches whose command option was given (the rule data stays plain). */
const cmdSeen = new WeakSet<object>()

export const recentMatch = defineMatch<'recent'>({
  name: 'recent',
  options: { name: 1, set: 0, rcheck: 0, update: 0, remove: 0, seconds: 1, hitcount: 1, reap: 0, rttl: 0, mask: 1, rsource: 0, rdest: 0 },
  invertible: ['set', 'rcheck', 'update', 'remove'],
  init: () => ({
    kind: 'recent',
    cmd: 'set',
    invert: false,
    name: 'DEFAULT',
    seconds: 0,
    hitcount: 0,
    reap: false,
    rttl: false,
    mask: 0xffffffff,
    side: 'source',
  }),
  parse(m, opt, [arg = ''], invert) {
    const cmd = RECENT_CMDS.find((c) => c === opt)
    if (cmd) {
      if (cmdSeen.has(m)) return { message: 'recent takes only one of --set, --rcheck, --update, --remove', atOption: true }
      cmdSeen.add(m)
      m.cmd = cmd
      m.invert = invert
    } else if (opt === 'name') m.name = arg
    else if (opt === 'seconds' || opt === 'hitcount') {
      if (!/^\d+$/.test(arg)) return { message: `'${arg}' is not a number` }
      m[opt] = Number(arg)
    } else if (opt === 'mask') {
      const mask = parseIpv4(arg)
      if (mask === undefined) return { message: `'${arg}' is not a netmask`, hint: 'write a dotted mask such as 255.255.255.255' }
      m.mask = mask
    } else if (opt === 'reap') m.reap = true
    else if (opt === 'rttl') m.rttl = true
    else m.side = opt === 'rdest' ? 'dest' : 'source'
    return undefined
  },
  check(m) {
    if (!cmdSeen.delete(m)) return { message: 'recent needs one of --set, --rcheck, --update, --remove' }
    if (m.reap && m.seconds === 0) return { message: '--reap needs --seconds', hint: 'add --seconds N' }
    if ((m.seconds || m.hitcount) && (m.cmd === 'set' || m.cmd === 'remove'))
      return { message: '--seconds and --hitcount work only with --rcheck or --update' }
    return undefined
  },
  save(m) {
    let s = `${m.invert ? ' !' : ''} --${m.cmd}`
    if (m.seconds) s += ` --seconds ${m.seconds}`
    if (m.hitcount) s += ` --hitcount ${m.hitcount}`
    if (m.rttl) s += ' --rttl'
    if (m.reap) s += ' --reap'
    return `${s} --name ${m.name} --mask ${formatIpv4(m.mask)} --${m.side === 'source' ? 'rsource' : 'rdest'}`
  },
  evaluate(m, { src, dst, env, ruleset }) {
    const list = (ruleset.recent[m.name] ??= [])
    const addr = formatIpv4(((m.side === 'source' ? src : dst) & m.mask) >>> 0)
    const idx = list.findIndex((e) => e.addr === addr)
    const e: RecentEntry | undefined = list[idx]
    let ret = m.invert
    // recent_entry_update: add a stamp and move the entry to the LRU tail.
    const stamp = (entry: RecentEntry) => {
      entry.stamps.push(env.now)
      if (entry.stamps.length > RECENT_MAX_STAMPS) entry.stamps.shift()
      const at = list.indexOf(entry)
      if (at >= 0) list.push(...list.splice(at, 1))
    }
    if (!e) {
      if (m.cmd !== 'set') return ret
      list.push({ addr, stamps: [env.now] })
      return !ret
    }
    if (m.cmd === 'set') ret = !ret
    else if (m.cmd === 'remove') {
      list.splice(idx, 1)
      ret = !ret
    } else {
      const since = env.now - m.seconds * 1_000_000
      let hits = 0
      for (const t of e.stamps) {
        if (m.seconds && since > t) continue
        if (!m.hitcount || ++hits >= m.hitcount) {
          ret = !ret
          break
        }
      }
      // recent_entry_reap: drop the least recently used entry of the list if it is stale,
      // unless it is the entry an --update is about to refresh.
      const oldest = list[0]
      if (m.reap && oldest && !(oldest === e && m.cmd === 'update')) {
        if (since > (oldest.stamps[oldest.stamps.length - 1] ?? 0)) list.shift()
      }
    }
    if (m.cmd === 'set' || (m.cmd === 'update' && ret)) stamp(e)
    return ret
  },
})
