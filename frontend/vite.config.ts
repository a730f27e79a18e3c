import { defineConfig } from 'vitest/config';

// The backend (`planner serve`) listens on 127.0.0.1:8080 by default; `npm run dev` proxies the
// API to it so the session cookie stays same-origin.
const backend = process.env.PLANNER_BACKEND ?? 'http://127.0.0.1:8080';
const devPort = 5173;
const devOrigins = new Set([`http://localhost:${devPort}`, `http://127.0.0.1:${devPort}`]);

// The backend's CSRF gate accepts state-changing requests only from its own origin. Requests
// that come from this dev server's own pages are passed on as if from the backend's origin;
// anything else (another site posting to the dev server) keeps its Origin and is refused.
const api = {
  target: backend,
  configure(proxy: { on: (ev: 'proxyReq', fn: (req: { getHeader(n: string): unknown; setHeader(n: string, v: string): void }) => void) => void }) {
    proxy.on('proxyReq', (req) => {
      const origin = req.getHeader('origin');
      if (typeof origin === 'string' && devOrigins.has(origin)) req.setHeader('origin', backend);
    });
  },
};

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
    port: devPort,
    strictPort: true,
    proxy: {
      '/api': api,
      '/healthz': { target: backend },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
