import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/**
 * The web console's bundle: web/ in, dist/console/ out, served by src/console at `/`.
 * Hashed file names under /assets/ let the server cache them for a year; index.html is never cached.
 */
const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [preact()],
  resolve: {
    alias: {
      // src/people/tax-id.ts also holds a keyed hash that the browser never calls; its import of
      // node:crypto is answered by a stub so the check-digit code is shared, not copied.
      'node:crypto': fileURLToPath(new URL('./src/node-crypto-stub.ts', import.meta.url)),
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npx vite --config web/vite.config.ts` beside `npm start`: the API stays on port 3000.
    proxy: { '/v1': 'http://localhost:3000', '/healthz': 'http://localhost:3000' },
  },
});
