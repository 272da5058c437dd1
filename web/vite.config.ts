/**
 * The storefront's build (`npm run build -w web`, into web/dist/). `npm run dev -w web` serves it with
 * hot reload; its /config.json points at the API of a running `npm start` (SHOP_API_URL, else :3000).
 */
import { defineConfig, type Plugin } from 'vite';

const devConfig = (): Plugin => ({
  name: 'shop-dev-config',
  configureServer(server) {
    server.middlewares.use('/config.json', (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ apiUrl: process.env.SHOP_API_URL ?? 'http://127.0.0.1:3000' }));
    });
  },
});

export default defineConfig({
  root: import.meta.dirname,
  plugins: [devConfig()],
  build: {
    target: 'es2022',
    // The whole app is small: one script and one stylesheet load faster than a split.
    assetsInlineLimit: 0,
  },
});
