/** A contract compiled once per process: routes, request validators and their error descriptions. */
import { createRouter, type RouteMatch } from './router.js';
import { CONTROL_SPEC_URL, loadSpec, SPEC_URL, type SpecDocument } from './spec.js';
import { createSchemaCompiler, pointerToken, type SchemaCompiler, type Validator } from './validate.js';
import type { CoreResponse } from './http-types.js';

/** How one operation's request body is checked. */
export interface BodyRule {
  validate: Validator;
  /** The vendor description per failing keyword, with `default`. */
  descriptions: Record<string, string>;
}

/** A compiled contract. */
export interface Contract {
  spec: SpecDocument;
  route: (method: string, rawPath: string) => RouteMatch | CoreResponse;
  /** Body rules by operationId; absent for operations without a request body. */
  bodyRules: Map<string, BodyRule>;
  maxBodyBytes: number;
  compiler: SchemaCompiler;
}

const compiled = new Map<string, Contract>();

/** Compiles a contract (the vendor's by default) on first use and returns the same one afterwards. */
export function loadContract(url: URL = SPEC_URL): Contract {
  const known = compiled.get(url.href);
  if (known) return known;
  const spec = loadSpec(url);
  // The schema compiler and each body validator are made on first use: compiling them all up front would cost
  // every start of the CLI tens of milliseconds for operations a run may never call.
  let schemaCompiler: SchemaCompiler | undefined;
  const compiler: SchemaCompiler = {
    compile: (pointer) => (schemaCompiler ??= createSchemaCompiler(spec)).compile(pointer),
  };
  const bodyRules = new Map<string, BodyRule>();
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const body = operation.requestBody;
      if (!body) continue;
      const pointer = `/paths/${pointerToken(template)}/${method}/requestBody/content/${pointerToken('application/json')}/schema`;
      let validate: Validator | undefined;
      bodyRules.set(operation.operationId, {
        get validate() {
          return (validate ??= compiler.compile(pointer));
        },
        descriptions: body['x-error-descriptions'] ?? { default: 'Invalid request body.' },
      });
    }
  }
  const contract = { spec, route: createRouter(spec), bodyRules, maxBodyBytes: spec['x-max-body-bytes'], compiler };
  compiled.set(url.href, contract);
  return contract;
}

/** The control plane's contract. */
export const loadControlContract = (): Contract => loadContract(CONTROL_SPEC_URL);
