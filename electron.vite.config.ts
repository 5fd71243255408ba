import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

// WSS_OUT lets two checkouts or helpers build side by side without overwriting each other's out/.
const out = process.env.WSS_OUT ?? 'out';

// Main and preload run in Node/Electron; the renderer is a plain web bundle that
// knows nothing of either. The preload is sandboxed, so it must be one self-contained
// file with no external requires (isolatedEntries + no externalised deps).
export default defineConfig({
  main: {
    build: {
      outDir: `${out}/main`,
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/app/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: `${out}/preload`,
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [vue()],
    build: {
      outDir: `${out}/renderer`,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
