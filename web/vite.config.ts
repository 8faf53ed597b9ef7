import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run web:dev` forwards API calls (the API started by `npm start` or `adafolio api`). */
const apiTarget = process.env.ADAFOLIO_API_URL ?? 'http://127.0.0.1:3000';
const apiPaths = [
  '/auth',
  '/wallets',
  '/portfolio',
  '/transactions',
  '/actions',
  '/analytics',
  '/me',
  '/health',
  '/docs',
];

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // recharts is big; one vendor chunk keeps the app chunk small and cacheable.
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    proxy: {
      ...Object.fromEntries(apiPaths.map((p) => [p, { target: apiTarget, changeOrigin: true }])),
      '/ws': { target: apiTarget.replace(/^http/, 'ws'), ws: true },
    },
  },
});
