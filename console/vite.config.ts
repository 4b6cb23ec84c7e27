import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The server the dev console talks to; `npm run dev -w server` (or `npm start`) listens here. */
const SERVER = process.env.CONSOLE_API_TARGET ?? 'http://localhost:3000';

/**
 * The Simplified Chinese web font: each @font-face lists a WOFF2 file and a WOFF fallback. Every browser the
 * console supports reads WOFF2, so the fallbacks are dropped rather than shipped (they would double the build).
 */
function woff2Only(): Plugin {
  return {
    name: 'callcentre:woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/][^?]+\.css(\?|$)/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]+\.woff\)\s*format\('woff'\)/g, ''), map: null };
    },
  };
}

export default defineConfig({
  plugins: [woff2Only(), react()],
  resolve: {
    alias: {
      // The console compiles the shared sources directly, so a change there shows up without a rebuild.
      '@callcentre/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: SERVER, changeOrigin: true },
      '/socket.io': { target: SERVER, changeOrigin: true, ws: true },
      '/health': { target: SERVER, changeOrigin: true },
      '/ready': { target: SERVER, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Font slices stay files: inlined into the stylesheet they would be downloaded by everyone, needed or not.
    assetsInlineLimit: (file) => (file.endsWith('.woff2') ? false : undefined),
  },
});
