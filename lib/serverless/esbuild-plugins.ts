import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';

const NAMESPACE = 'builtin-by-require';
const BUILTIN = new RegExp(`^(node:)?(${builtinModules.map((name) => name.replace(/[/]/g, '\\/')).join('|')})$`);

/**
 * Node's built-in modules reached through the bundle's `require` (the banner in esbuild.yml), never an
 * ES import. An ES import builds the module's namespace, which reads every export, and some exports are
 * getters that load much more: Node 22's http has WebSocket, CloseEvent and MessageEvent, which load
 * undici and with it tls, http2, zlib and worker_threads (tens of milliseconds of every cold start, for
 * middy's STATUS_CODES or the AWS SDK's Agent); crypto has webcrypto. `require` leaves them unread.
 */
const builtinsByRequire: Plugin = {
  name: NAMESPACE,
  setup(build) {
    build.onResolve({ filter: BUILTIN }, ({ path, namespace }) => {
      const name = `node:${path.replace(/^node:/, '')}`;
      // The stand-in's own require is Node's module itself.
      return namespace === NAMESPACE ? { path: name, external: true } : { path: name, namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(path)});`, loader: 'js' }));
  },
};

/** The esbuild plugins every function is bundled with (serverless-esbuild's `plugins`). */
export default [builtinsByRequire];
