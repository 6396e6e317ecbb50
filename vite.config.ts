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
