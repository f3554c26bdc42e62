import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { type Plugin } from 'vite';
import { productionContentSecurityPolicy } from './electron/main/content-security-policy';

/**
 * The built renderer carries its CSP in a <meta> tag, so it holds wherever the page is loaded from (file:// in the
 * app, 127.0.0.1 in e2e). Dev builds skip it: Vite's HMR needs inline styles and a websocket, and main sends a
 * development policy as a header instead.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'recur-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: productionContentSecurityPolicy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle everything else into the one CommonJS file.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // The first screen waits for Chromium to parse and compile the bundle: minified, it is a third of the size.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
