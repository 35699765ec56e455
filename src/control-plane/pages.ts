/**
 * The pages under the control plane (/__fake/ui, /__fake/docs), their scripts and styles, and the contracts as this
 * server serves them (their `servers` pointing here). Everything comes from the package: nothing is fetched from
 * elsewhere, and the pages' Content-Security-Policy lets them reach their own origin only.
 */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import type { CoreResponse } from '../core/http-types.js';
import { applicationError } from '../core/errors.js';
import { basePathOf, loadSpec } from '../core/spec.js';

/** Where `npm run build` puts the pages and the Swagger UI files (scripts/bundle-pages.mjs), from src/ and dist/. */
const PAGES_URL = new URL('../../dist/pages/', import.meta.url);

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/**
 * The pages may load scripts, styles and data from their own origin only (Swagger UI sets inline styles, hence
 * 'unsafe-inline' for styles alone), and may not be framed by another site.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const files = new Map<string, string>();

let assets: ReadonlySet<string> | undefined;
/** Whether a name is one of the assets the contract lists (`getAsset`'s enum): nothing else is ever read. */
export function isAsset(name: string): boolean {
  if (!assets) {
    const operation = loadSpec('control-plane').paths['/assets/{name}']?.get as
      { parameters: { schema: { enum: string[] } }[] } | undefined;
    assets = new Set(operation?.parameters[0]?.schema.enum ?? []);
  }
  return assets.has(name);
}

/** A file of dist/pages as a response (read once, then kept: the largest is Swagger UI's 1.7 MB bundle). */
export function pageFile(name: string): CoreResponse {
  let text = files.get(name);
  if (text === undefined) {
    try {
      text = readFileSync(new URL(name, PAGES_URL), 'utf8');
    } catch {
      return applicationError(
        404,
        `Failed to serve ${name}: the pages are not built. Run npm run build (it copies them to dist/pages/).`,
      );
    }
    files.set(name, text);
  }
  const type = TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
  return { status: 200, headers: { 'content-type': type, ...PAGE_HEADERS }, body: text };
}

/** Which contract: the vendor's, or the control plane's. */
type ContractName = 'vendor' | 'control-plane';

/** A contract with its servers replaced by this server's URL, so try-it calls from the docs page come here. */
function servedContract(name: ContractName, origin: string): object {
  const spec = loadSpec(name === 'vendor' ? 'cloud-admin' : 'control-plane');
  const path = name === 'vendor' ? basePathOf(spec) : '/__fake';
  return { ...spec, servers: [{ url: `${origin}${path}`, description: 'this cloud-admin-fake' }] };
}

/** A contract as JSON or YAML. */
export function contractResponse(name: ContractName, origin: string, format: 'json' | 'yaml'): CoreResponse {
  const spec = servedContract(name, origin);
  return {
    status: 200,
    headers: {
      'content-type': format === 'json' ? 'application/json' : 'application/yaml; charset=utf-8',
      'x-content-type-options': 'nosniff',
    },
    body: format === 'json' ? JSON.stringify(spec) : yaml.dump(spec, { lineWidth: 120, noRefs: true }),
  };
}
