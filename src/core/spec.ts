/** Loads an OpenAPI contract once: the vendor's (openapi/cloud-admin.yaml) and the control plane's. */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

/** The parts of an OpenAPI operation the fake reads. */
export interface SpecOperation {
  operationId: string;
  requestBody?: {
    required?: boolean;
    'x-error-descriptions'?: Record<string, string>;
    content: Record<string, { schema: unknown }>;
  };
  responses: Record<string, unknown>;
}

/** The parts of an OpenAPI document the fake reads. */
export interface SpecDocument {
  servers: { url: string }[];
  'x-max-body-bytes': number;
  paths: Record<string, Record<string, SpecOperation>>;
  components: Record<string, Record<string, unknown>>;
}

/** Where the vendor contract lives, relative to this module in both `src/` and `dist/`. */
export const SPEC_URL = new URL('../../openapi/cloud-admin.yaml', import.meta.url);
/** Where the control-plane contract lives. */
export const CONTROL_SPEC_URL = new URL('../../openapi/control-plane.yaml', import.meta.url);

const cache = new Map<string, SpecDocument>();

/** Returns a parsed contract (the vendor's by default), reading it on first use. */
export function loadSpec(url: URL = SPEC_URL): SpecDocument {
  let spec = cache.get(url.href);
  if (!spec) {
    // js-yaml with the JSON-compatible core schema (as the yaml package's default YAML 1.2 core schema): it parses
    // the contracts about four times faster on a cold start, which is most of the CLI's start-up time.
    spec = yaml.load(readFileSync(url, 'utf8'), { schema: yaml.CORE_SCHEMA, filename: url.pathname }) as SpecDocument;
    cache.set(url.href, spec);
  }
  return spec;
}

/** The path prefix of every operation, taken from the spec's first server URL. */
export function basePathOf(spec: SpecDocument): string {
  const first = spec.servers[0];
  if (!first) throw new Error('Failed to read the base path: the spec lists no servers.');
  return new URL(first.url.replace(/\{[^}]+\}/g, 'x')).pathname.replace(/\/$/, '');
}
