/// <reference types="node" />
import tailwindcss from '@tailwindcss/vite'
import { tanstackRouter } from '@tanstack/router-plugin/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// The dev server (and `vite preview`) proxy the API to a gateway: the default suite's, or GATEWAY_URL.
const gateway = { target: process.env.GATEWAY_URL ?? 'http://localhost:8080', changeOrigin: true }

export default defineConfig({
  // The router plugin generates src/routeTree.gen.ts and must run before react().
  plugins: [tanstackRouter({ target: 'react', autoCodeSplitting: true }), react(), tailwindcss()],
  resolve: { tsconfigPaths: true },
  server: {
    proxy: { '/api': gateway, '/media': gateway },
    // the Lab page imports the last lab run from bench/results (features/lab/lab-run.ts)
    fs: { allow: ['.', '../bench/results'] },
  },
  preview: {
    proxy: { '/api': gateway, '/media': gateway },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    unstubGlobals: true,
    // a page test renders, clicks and waits in jsdom: on a loaded two-core machine (the Maven
    // build beside it) one took more than vitest's default 5 s
    testTimeout: 20_000,
  },
})
