/**
 * ajv, loaded on first use: importing it costs Node about a third of the package's import time, and most runs
 * compile their first validator well after start. ajv is CommonJS, so Node's require loads it synchronously when the
 * first validator is compiled. Bundlers for the browser take ajv-load.browser.ts instead (package.json "browser").
 */
import type Ajv2020Module from 'ajv/dist/2020.js';
import type addFormatsModule from 'ajv-formats';
import { nodeLoader } from './node-host.js';

/** ajv's 2020-12 class and ajv-formats' plugin. */
export interface AjvModules {
  Ajv2020: typeof Ajv2020Module.default;
  addFormats: typeof addFormatsModule.default;
}

let loaded: AjvModules | undefined;

/** Loads ajv and ajv-formats once. */
export function loadAjv(): AjvModules {
  if (loaded) return loaded;
  const require = nodeLoader(import.meta.url, 'ajv');
  loaded = {
    Ajv2020: (require('ajv/dist/2020.js') as typeof Ajv2020Module).default,
    addFormats: (require('ajv-formats') as typeof addFormatsModule).default,
  };
  return loaded;
}
