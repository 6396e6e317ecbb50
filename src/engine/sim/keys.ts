/** Row keys shared by the runtime tables and the delta fold (tables/fold.ts). */
import type { FdbRow } from '../tables/types'

export function neighKey(dev: string, ip: string): string {
  return `${dev}|${ip}`
}

/** Bridge FDB rows are keyed by bridge and MAC; device-own (`self`) rows by device and MAC. */
export function fdbKey(row: Pick<FdbRow, 'mac' | 'dev' | 'master' | 'self'>): string {
  return row.self ? `self|${row.dev}|${row.mac}` : `${row.master ?? row.dev}|${row.mac}`
}
