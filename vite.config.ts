import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// base './' makes every asset URL relative, so dist/ works from any static host under any
// sub-path (https://host/docs/journeys/) with no server-side rewrite.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['src/**/*.test.ts'],
    benchmark: { include: ['src/**/*.bench.ts'] },
    environment: 'node',
  },
})
