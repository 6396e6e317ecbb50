import { defineConfig } from '@playwright/test'

// Playwright's own browser download needs the internet; we drive Debian's Chromium instead.
// CHROMIUM_PATH overrides it (a laptop's Chrome or Chromium).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const port = Number(process.env.E2E_PORT ?? 4179)
// The built site is served from a sub-path, as a documentation site would host it: dist/ must
// work there with no server-side rewrite (vite's base is './').
const subPath = '/packet-journeys/docs/'
// E2E_DIST serves another build folder, so parallel work can build and test without sharing dist/.
const dist = process.env.E2E_DIST ? ` --outDir ${process.env.E2E_DIST}` : ''

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}${subPath}`,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1 --base ${subPath}${dist}`,
    url: `http://127.0.0.1:${port}${subPath}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
})
