import { defineConfig } from 'vitest/config';

// The backend (`planner serve`) listens on 127.0.0.1:8080 by default; `npm run dev` proxies the
// API to it so the session cookie stays same-origin.
const backend = process.env.PLANNER_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    // Chart.js and Leaflet are loaded only on the admin pages that need them.
    chunkSizeWarningLimit: 400,
    // Tiny images (e.g. Leaflet's marker icon) would otherwise be inlined as data: URLs; the CSP
    // allows data: images, but separate hashed files cache better.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
