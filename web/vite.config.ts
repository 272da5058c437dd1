/**
 * The storefront's build (`npm run build -w web`, into web/dist/). `npm run dev -w web` serves it with
 * hot reload; its /config.json points at the API of a running `npm start` (SHOP_API_URL, else :3000).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** The whole app (every file the build writes), gzipped: a storefront quick to load on a phone. */
const BUDGET_BYTES = 100 * 1024;

const devConfig = (): Plugin => ({
  name: 'shop-dev-config',
  configureServer(server) {
    server.middlewares.use('/config.json', (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ apiUrl: process.env.SHOP_API_URL ?? 'http://127.0.0.1:3000' }));
    });
  },
});

/** Fails the build when what it wrote, gzipped file by file as CloudFront serves it, exceeds the budget. */
const sizeBudget = (): Plugin => {
  let outDir = '';
  return {
    name: 'shop-size-budget',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
      const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(file.parentPath, file.name))).length, 0);
      const size = `${(bytes / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`;
      if (bytes > BUDGET_BYTES) this.error(`The storefront's build is ${size}: make it smaller.`);
      console.log(`The storefront's build: ${files.length} files, ${size}.`);
    },
  };
};

export default defineConfig({
  root: import.meta.dirname,
  plugins: [devConfig(), sizeBudget()],
  build: {
    target: 'es2022',
    // The whole app is small: one script and one stylesheet load faster than a split.
    assetsInlineLimit: 0,
  },
});
