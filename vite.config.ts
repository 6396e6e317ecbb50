import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'

/**
 * The built page's Content-Security-Policy, as a <meta> because a static host may not let us
 * set headers. Exactly what the site needs: its own scripts, worker, styles and scenario files;
 * blob:/data: images for the PNG export (the SVG is rasterised through an <img>); nothing from
 * any other origin. React sets style attributes through the CSSOM, which CSP does not govern,
 * so no 'unsafe-inline' is needed. (frame-ancestors cannot be set from a meta tag, which suits
 * an embeddable player.) Build only: the dev server injects inline scripts for hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

function contentSecurityPolicy(): Plugin {
  return {
    name: 'packet-journeys:csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  }
}

// base './' makes every asset URL relative, so dist/ works from any static host under any
// sub-path (https://host/docs/journeys/) with no server-side rewrite.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Libraries change less often than the app: a separate chunk stays cached across releases.
    // Only the ones the first paint needs: a library loaded on demand (fflate) keeps its own chunk.
    rolldownOptions: {
      output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules\/(react|react-dom|scheduler|@xyflow|zustand|d3-[a-z]+|classcat|use-sync-external-store)\// }] } },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    benchmark: { include: ['src/**/*.bench.ts'] },
    environment: 'node',
  },
})
