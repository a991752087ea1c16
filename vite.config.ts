import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: plain static files served by the web host (electron/host) or loaded by
// Electron from a custom protocol. No inline scripts or injected <style>, so the host's
// CSP `script-src 'self'; style-src 'self'` holds; CSS comes from files only.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // no modulepreload polyfill: it would be an inline script
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
  },
});
