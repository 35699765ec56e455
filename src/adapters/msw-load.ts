/**
 * msw's `http` namespace, loaded on first use: msw's core costs Node more at import than the rest of the package
 * together, and only the handlers need it (a test that calls `fake.fetch` never does). It is required by the very
 * file `import 'msw/core/http'` resolves to, so Node's require of ES modules (Node 20.19 and later) hands back the
 * module instance the project's own `import ... from 'msw'` shares, never a second copy of msw. Bundlers for the
 * browser take msw-load.browser.ts instead (package.json "browser").
 */
import type { http as MswHttp } from 'msw/core/http';
import { nodeLoader } from '../core/node-host.js';

let loaded: typeof MswHttp | undefined;

/** msw's `http` namespace, from the project's own msw. */
export function loadMswHttp(): typeof MswHttp {
  if (loaded) return loaded;
  const require = nodeLoader(import.meta.url, 'msw');
  const { fileURLToPath } = require('node:url') as typeof import('node:url');
  const file = fileURLToPath(import.meta.resolve('msw/core/http'));
  loaded = (require(file) as { http: typeof MswHttp }).http;
  return loaded;
}
