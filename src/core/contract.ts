/** A contract compiled once per process: its operations, routes, request validators and their error descriptions. */
import { createRouter, type RouteMatch } from './router.js';
import { basePathOf, loadSpec, type SpecDocument, type SpecName, type SpecOperation } from './spec.js';
import { createSchemaCompiler, pointerToken, type SchemaCompiler, type Validator } from './validate.js';
import { compileQueryRules, type QueryRule } from './query.js';
import type { CoreResponse } from './http-types.js';
import type { operations } from '../generated/cloud-admin.js';

/** An operationId of the vendor contract, e.g. `enableEmergencyTokencodeV1`: the union the generated types give. */
export type VendorOperationId = keyof operations;

let vendorOperationIds: Set<string> | undefined;

/**
 * Says what is wrong with an operationId that the vendor contract does not have (a filter with it could never
 * match), or undefined when it is one; the control plane's 400 and the in-process throw use the same words.
 */
export function unknownOperationProblem(operationId: string): string | undefined {
  vendorOperationIds ??= new Set(loadContract().operations.map(({ operation }) => operation.operationId));
  if (vendorOperationIds.has(operationId)) return undefined;
  return `the operationId filter names no operation of the vendor contract: "${operationId.slice(0, 100)}" (known: ${[...vendorOperationIds].join(', ')})`;
}

/** How one operation's request body is checked. */
export interface BodyRule {
  validate: Validator;
  /** The vendor description per failing keyword, with `default`. */
  descriptions: Record<string, string>;
}

/** One operation of a contract: its method (lower case, as in the spec), path template and description. */
export interface ContractOperation {
  method: string;
  template: string;
  operation: SpecOperation;
}

/** A compiled contract. */
export interface Contract {
  spec: SpecDocument;
  /** The path prefix of every operation (the first server URL's path), e.g. `/__fake`. */
  basePath: string;
  /** Every operation, in the contract's order: the one walk over `paths`. */
  operations: readonly ContractOperation[];
  route: (method: string, rawPath: string) => RouteMatch | CoreResponse;
  /** Body rules by operationId; absent for operations without a request body. */
  bodyRules: Map<string, BodyRule>;
  /** Query rules by operationId; absent for operations without query parameters. */
  queryRules: Map<string, QueryRule>;
  maxBodyBytes: number;
  compiler: SchemaCompiler;
}

const compiled = new Map<SpecName, Contract>();

/** Compiles a contract (the vendor's by default) on first use and returns the same one afterwards. */
export function loadContract(name: SpecName = 'cloud-admin'): Contract {
  const known = compiled.get(name);
  if (known) return known;
  const spec = loadSpec(name);
  // The schema compiler and each body validator are made on first use: compiling them all up front would cost
  // every start of the CLI tens of milliseconds for operations a run may never call.
  let schemaCompiler: SchemaCompiler | undefined;
  const compiler: SchemaCompiler = {
    compile: (pointer) => (schemaCompiler ??= createSchemaCompiler(spec)).compile(pointer),
  };
  const operations = Object.entries(spec.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method, template, operation })),
  );
  const bodyRules = new Map<string, BodyRule>();
  for (const { method, template, operation } of operations) {
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
  const basePath = basePathOf(spec);
  const contract: Contract = {
    spec,
    basePath,
    operations,
    route: createRouter(basePath, operations),
    bodyRules,
    queryRules: compileQueryRules(spec, compiler),
    maxBodyBytes: spec['x-max-body-bytes'],
    compiler,
  };
  compiled.set(name, contract);
  return contract;
}

/** The control plane's contract. */
export const loadControlContract = (): Contract => loadContract('control-plane');
