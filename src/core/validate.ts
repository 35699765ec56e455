/** JSON Schema validation compiled from the contract with ajv: request bodies always, responses in tests. */
import type { ValidateFunction } from 'ajv';
import type Ajv2020Module from 'ajv/dist/2020.js';
import { loadAjv } from './ajv-load.js';
import type { SpecDocument } from './spec.js';

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

/**
 * The one ajv configuration of the fake: JSON Schema 2020-12, formats, strict about unknown keywords, with the
 * OpenAPI and project annotation keywords known. The contracts' compiler and the scenario schema both use it, so a
 * shared schema means the same in both.
 */
export function createAjv(): InstanceType<typeof Ajv2020Module.default> {
  const { Ajv2020, addFormats } = loadAjv();
  const ajv = new Ajv2020({
    allErrors: false,
    // The contracts are linted (npm run lint:spec) and strict mode still rejects unknown keywords and formats;
    // checking them against the 2020-12 meta-schema as well would cost every start about 35 ms.
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
  return ajv;
}

/** Creates a compiler that knows the contract, so any JSON pointer into it can be compiled. */
export function createSchemaCompiler(spec: SpecDocument): SchemaCompiler {
  const ajv = createAjv();
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  return {
    compile: (pointer) => ajv.compile({ $ref: `${SPEC_ID}#${pointer}` }),
  };
}
