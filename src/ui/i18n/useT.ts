import { useCallback } from 'react'
import { useAppStore } from '../../store'
import type { Locale } from '../../store/types'
import { en, type MessageKey } from './en'
import { zh } from './zh'

export type Params = Record<string, string | number>
export type Translate = (key: MessageKey, params?: Params) => string

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, zh }

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = dictionaries[locale][key] ?? en[key]
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => String(params[k] ?? m)) : text
}

export function useT(): Translate {
  const locale = useAppStore((s) => s.locale)
  return useCallback<Translate>((key, params) => translate(locale, key, params), [locale])
}

export type { MessageKey }
