/**
 * Layering rules (../shared/STYLE.md "The one rule"): the engine and the control plane are pure
 * TypeScript that runs in a Worker and in Node. They must not reach the UI libraries, the DOM,
 * wall-clock time or unseeded randomness. Violations name the file and line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p))
    else if (/\.tsx?$/.test(name) && !/\.(test|bench)\.ts$/.test(name)) out.push(p)
  }
  return out
}

const FORBIDDEN_IMPORTS = [/^react($|\/|-dom)/, /^@xyflow\//, /^zustand/, /^d3($|-)/, /^node:/]
const FORBIDDEN_GLOBALS: [RegExp, string][] = [
  [/\bMath\.random\s*\(/, 'Math.random (use the seeded PRNG in sim/prng.ts)'],
  [/\bDate\.now\s*\(/, 'Date.now (use the virtual clock)'],
  [/\bnew Date\s*\(/, 'new Date (use the virtual clock)'],
  [/\bperformance\.now\s*\(/, 'performance.now (use the virtual clock)'],
  [/(?<![.\w])(window|document|localStorage|navigator)\s*\./, 'a DOM or Web global'],
  [/(?<![.\w])self\.(postMessage|onmessage|addEventListener|close)\b/, 'the worker global self'],
  [/(?<![.\w])postMessage\s*\(/, 'postMessage'],
]

function violations(layer: string, allowedLayerImports: RegExp): string[] {
  const found: string[] = []
  for (const file of sourceFiles(join(root, 'src', layer))) {
    const lines = readFileSync(file, 'utf8').split('\n')
    lines.forEach((line, i) => {
      const where = `${relative(root, file)}:${i + 1}`
      const code = line.replace(/\/\/.*$/, '')
      if (/^\s*\*|^\s*\/\*/.test(line)) return
      const m = /\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/.exec(code)
      const spec = m?.[1] ?? m?.[2]
      if (spec) {
        if (FORBIDDEN_IMPORTS.some((re) => re.test(spec))) found.push(`${where}: imports '${spec}'`)
        if (spec.startsWith('.') && !allowedLayerImports.test(spec))
          found.push(`${where}: imports '${spec}', outside the layers it may use`)
      }
      for (const [re, what] of FORBIDDEN_GLOBALS)
        if (re.test(code)) found.push(`${where}: uses ${what}`)
    })
  }
  return found
}

describe('architecture', () => {
  it('keeps src/engine free of UI libraries, DOM globals, wall-clock time and Math.random', () => {
    // Relative imports may not climb out of src/engine into other layers.
    expect(violations('engine', /^\.\.?\/(?!\.\.\/(control-plane|scenario|worker|store|ui|cli))/)).toEqual([])
  })

  it('keeps src/control-plane pure and pointed only at the engine', () => {
    expect(violations('control-plane', /^\.\.?\/(?!\.\.\/(scenario|worker|store|ui|cli))/)).toEqual([])
  })

  it('flags a forbidden import when one is present', () => {
    // Guard against a checker that can never fail: run the same scan over a known-bad line.
    const bad = "import { useState } from 'react'"
    const m = /\bfrom\s+['"]([^'"]+)['"]/.exec(bad)
    expect(FORBIDDEN_IMPORTS.some((re) => re.test(m?.[1] ?? ''))).toBe(true)
    expect(FORBIDDEN_GLOBALS.some(([re]) => re.test('const x = Math.random()'))).toBe(true)
    expect(FORBIDDEN_GLOBALS.some(([re]) => re.test('window.location.href'))).toBe(true)
    // A local variable that happens to be called `self` is not the worker global.
    expect(FORBIDDEN_GLOBALS.some(([re]) => re.test('const x = self.reverse()'))).toBe(false)
  })
})
