import { describe, expect, it } from 'vitest'
import { sentences } from './step-text'

describe('sentences', () => {
  it('ends each English title with a full stop and keeps existing ones', () => {
    expect(sentences(['The packet reaches pod-c’s socket (LISTEN)', '', 'On the way: ARP.'])).toBe('The packet reaches pod-c’s socket (LISTEN). On the way: ARP.')
  })
  it('ends Chinese sentences with 。 and joins them without a space', () => {
    expect(sentences(['数据包到达 pod-c 的套接字', '途中：ARP。'])).toBe('数据包到达 pod-c 的套接字。途中：ARP。')
  })
})
