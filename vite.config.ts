import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// base './' makes every asset URL relative, so dist/ works from any static host under any
// sub-path (https://host/docs/journeys/) with no server-side rewrite.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Libraries change less often than the app: a separate chunk stays cached across releases.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] } } },
  },
  test: {
    include: ['src/**/*.test.ts'],
    benchmark: { include: ['src/**/*.bench.ts'] },
    environment: 'node',
  },
})
