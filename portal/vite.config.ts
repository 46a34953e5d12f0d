import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The producer portal: one HTML page, one script, one stylesheet. Preact's JSX is compiled by
 * Vite's own transform (no plugin, no runtime compiler); nothing is inlined into the HTML, so the
 * strict Content-Security-Policy (script-src 'self') holds.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs or into the HTML: the CSP forbids inline code.
    assetsInlineLimit: 0,
    modulePreload: false,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
