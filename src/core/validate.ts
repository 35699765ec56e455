/** JSON Schema validation compiled from the contract with ajv: request bodies always, responses in tests. */
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { SpecDocument } from './spec.js';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** OpenAPI and project keywords that are annotations, not assertions. */
const ANNOTATIONS = [
  'example',
  'x-fidelity',
  'x-fidelity-reason',
  'x-error-descriptions',
  'discriminator',
  'xml',
  'externalDocs',
];

/** The id under which the whole contract is registered, so any JSON pointer into it can be compiled. */
const SPEC_ID = 'cloud-admin-spec';

/** Escapes one JSON-pointer token. */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A validator that reports the first failing keyword and where it failed. */
export type Validator = ValidateFunction;

/** Compiles validators for schemas found at JSON pointers inside the contract. */
export interface SchemaCompiler {
  /** Compiles the schema at `pointer` (e.g. `/components/schemas/UserDetails`). */
  compile(pointer: string): Validator;
}

/** Creates an ajv instance that knows the contract and its OpenAPI annotation keywords. */
export function createSchemaCompiler(spec: SpecDocument): SchemaCompiler {
  const ajv = new Ajv2020({
    allErrors: false,
    // The contract is linted (npm run lint:spec) and strict mode still rejects unknown keywords and formats;
    // checking it against the 2020-12 meta-schema as well would cost every start about 35 ms.
    validateSchema: false,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    validateFormats: true,
  });
  addFormats(ajv);
  ajv.addVocabulary([
    ...ANNOTATIONS,
    'openapi',
    'info',
    'servers',
    'security',
    'tags',
    'paths',
    'components',
    'x-max-body-bytes',
  ]);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  return {
    compile: (pointer) => ajv.compile({ $ref: `${SPEC_ID}#${pointer}` }),
  };
}

/** Says in one line what failed, for the X-Fake-Reason header. */
export function describeFailure(errors: ErrorObject[] | null | undefined): { keyword: string; text: string } {
  const first = errors?.[0];
  if (!first) return { keyword: 'unknown', text: 'the body does not match the schema' };
  const where = first.instancePath === '' ? 'body' : `body${first.instancePath}`;
  return { keyword: first.keyword, text: `${where} ${first.message ?? 'is invalid'}` };
}
