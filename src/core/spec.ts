/**
 * The OpenAPI contracts, the vendor's (openapi/cloud-admin.yaml) and the control plane's: bundled at build time as
 * src/generated/contracts.ts (scripts/generate-modules.mjs), so nothing reads a file or parses YAML at run time and
 * the in-process fake runs in a browser too.
 */
import { CLOUD_ADMIN_JSON, CONTROL_PLANE_JSON } from '../generated/contracts.js';

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

/** Which contract: `cloud-admin` (openapi/cloud-admin.yaml, the vendor's) or `control-plane`. */
export type SpecName = 'cloud-admin' | 'control-plane';

const SOURCES: Record<SpecName, string> = { 'cloud-admin': CLOUD_ADMIN_JSON, 'control-plane': CONTROL_PLANE_JSON };
const cache = new Map<SpecName, SpecDocument>();

/** Returns a parsed contract (the vendor's by default), parsed on first use. Callers must not change it. */
export function loadSpec(name: SpecName = 'cloud-admin'): SpecDocument {
  let spec = cache.get(name);
  if (!spec) {
    spec = JSON.parse(SOURCES[name]) as SpecDocument;
    cache.set(name, spec);
  }
  return spec;
}

/** The path prefix of every operation, taken from the spec's first server URL. */
export function basePathOf(spec: SpecDocument): string {
  const first = spec.servers[0];
  if (!first) throw new Error('Failed to read the base path: the spec lists no servers.');
  return new URL(first.url.replace(/\{[^}]+\}/g, 'x')).pathname.replace(/\/$/, '');
}
