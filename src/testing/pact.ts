/**
 * The Pact bridge: turns journal entries into a Pact file (specification V3 or V4) whose matching rules come from the
 * vendor contract and whose provider states the control plane's `POST /__fake/provider-states` knows how to set up.
 */
import type { components } from '../generated/control-plane.js';
import type { components as VendorComponents } from '../generated/cloud-admin.js';
import type { JournalEntry } from '../core/journal.js';
import { loadContract } from '../core/contract.js';
import type { SpecDocument } from '../core/spec.js';

type Schemas = components['schemas'];
type UserStatus = VendorComponents['schemas']['UserStatus'];
type EmergencyAccessStatus = VendorComponents['schemas']['EmergencyAccessStatus'];
/** A Pact file, as `openapi/control-plane.yaml` describes it. */
export type Pact = Schemas['Pact'];
/** One interaction of a pact. */
export type PactInteraction = Schemas['PactInteraction'];
/** V3 or V4. */
export type PactSpecification = Schemas['PactSpecification'];
/** What a provider state asks of the world; `POST /__fake/provider-states` applies it. */
export type ProviderStateParams = Schemas['ProviderStateParams'];

/** Who the pact is between, and in which specification. */
export interface PactOptions {
  consumer: string;
  /** Default `cloud-admin`. */
  provider?: string | undefined;
  /** Default V4. */
  specification?: PactSpecification | undefined;
  /** The email of a user id the journal never showed (the fake's store knows it), for the provider state. */
  emailOf?: ((userId: string) => string | undefined) | undefined;
}

/** The provider's name when none is given. */
export const DEFAULT_PACT_PROVIDER = 'cloud-admin';

/**
 * The Authorization header's example in every interaction: shaped like the vendor's JWT, signed by no key, so a pact
 * never carries a token that works. Decoded: `{"alg":"RS256","typ":"JWT"}.{"sub":"pact-example"}`.
 */
export const EXAMPLE_AUTHORIZATION =
  'Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwYWN0LWV4YW1wbGUifQ.bm90LWEtc2lnbmF0dXJl';
/** What a bearer JWT looks like: three base64url parts. */
const AUTHORIZATION_REGEX = '^Bearer [A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';
/** RFC 4122's textual form, for `format: uuid` (a standard, not a vendor fact). */
const UUID_REGEX = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** An ISO-8601 instant with milliseconds in UTC, in the date-format notation Pact's datetime matcher reads. */
const DATETIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSX";
/**
 * Whether the status came from the throttle or a fault rather than from the request: a fresh world would not answer
 * it to one request, so the provider state forces it. The journal's decision trace says which it was.
 */
const isForced = (entry: JournalEntry): boolean =>
  entry.trace.throttle?.allowed === false ||
  /\bstatus ([0-9]{3})\b/.exec(entry.trace.fault ?? '')?.[1] === String(entry.status);
/** 413 and 415 come from a body size and a content type the journal does not keep, so they are left out. */
const UNREPRODUCIBLE: Record<number, string> = {
  413: 'the journal does not keep the size that made it 413',
  415: 'the journal does not keep the content type that made it 415',
};

type Schema = Record<string, unknown>;
type Rule = Record<string, unknown>;
type Rules = Record<string, { combine: 'AND'; matchers: Rule[] }>;

/** Follows `$ref`s inside the contract. */
function resolve(spec: SpecDocument, schema: unknown): Schema | undefined {
  let current = schema as Schema | undefined;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
    const parts = current.$ref.replace(/^#\//, '').split('/');
    let node: unknown = spec;
    for (const part of parts) node = (node as Record<string, unknown> | undefined)?.[part];
    current = node as Schema | undefined;
  }
  return current;
}

/** The branches of a schema that can describe `value`: itself, its allOf parts, and the oneOf/anyOf that fit. */
function branches(spec: SpecDocument, schema: unknown, value: unknown): Schema[] {
  const node = resolve(spec, schema);
  if (!node) return [];
  const out: Schema[] = [node];
  for (const part of (node.allOf as unknown[] | undefined) ?? []) out.push(...branches(spec, part, value));
  for (const key of ['oneOf', 'anyOf'] as const) {
    for (const part of (node[key] as unknown[] | undefined) ?? []) {
      const resolved = resolve(spec, part);
      if (resolved && typeFits(resolved, value)) out.push(...branches(spec, resolved, value));
    }
  }
  return out;
}

function typeFits(schema: Schema, value: unknown): boolean {
  const types = schema.type === undefined ? [] : ([] as unknown[]).concat(schema.type);
  if (types.length === 0) return true;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return types.some((type) => type === actual || (type === 'integer' && Number.isInteger(value)));
}

/**
 * Matching rules for a response body from its schema: a type match at the root (it cascades to every field), and
 * where a string field has a format or a pattern, a regex (ids, codes) or a datetime (timestamps) for its value.
 */
function bodyRules(spec: SpecDocument, schema: unknown, value: unknown, path = '$', rules: Rules = {}): Rules {
  if (path === '$') rules.$ = { combine: 'AND', matchers: [{ match: 'type' }] };
  const parts = branches(spec, schema, value);
  if (typeof value === 'string') {
    const format = parts.map((part) => part.format).find((f) => typeof f === 'string');
    const pattern = parts.map((part) => part.pattern).find((p) => typeof p === 'string');
    if (format === 'date-time')
      rules[path] = { combine: 'AND', matchers: [{ match: 'datetime', format: DATETIME_FORMAT }] };
    else if (format === 'uuid') rules[path] = { combine: 'AND', matchers: [{ match: 'regex', regex: UUID_REGEX }] };
    else if (typeof pattern === 'string')
      rules[path] = { combine: 'AND', matchers: [{ match: 'regex', regex: pattern }] };
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      const property = parts
        .map((part) => (part.properties as Record<string, unknown> | undefined)?.[key])
        .find((p) => p !== undefined);
      if (property !== undefined) bodyRules(spec, property, child, `${path}.${key}`, rules);
    }
  }
  return rules;
}

/** What the journal so far tells of one user, on top of the scenario's world. */
interface KnownUser {
  email: string;
  userStatus?: UserStatus;
  emergencyAccessStatus?: EmergencyAccessStatus;
  emergencyTokencodeId?: string | null;
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The users the journal has shown, tracked in order so each interaction's state is the world it was sent into. */
class WorldModel {
  readonly #byId = new Map<string, KnownUser>();
  readonly #idByEmail = new Map<string, string>();

  user(id: string): KnownUser | undefined {
    return this.#byId.get(id);
  }

  idOf(email: string): string | undefined {
    return this.#idByEmail.get(email.toLowerCase());
  }

  know(id: string, email: string): KnownUser {
    let user = this.#byId.get(id);
    if (!user) {
      user = { email };
      this.#byId.set(id, user);
      this.#idByEmail.set(email.toLowerCase(), id);
    }
    return user;
  }

  /** Learns what an answered request shows or changed. */
  learn(entry: JournalEntry, userId: string | undefined): void {
    const body = asRecord(entry.responseBody);
    if (entry.status !== 200) return;
    if (entry.operationId === 'lookupUser' && body && typeof body.id === 'string') {
      const user = this.know(body.id, String(body.emailAddress));
      user.userStatus = body.userStatus as UserStatus;
      user.emergencyAccessStatus = body.emergencyAccessStatus as EmergencyAccessStatus;
      user.emergencyTokencodeId = (body.emergencyTokencodeId as string | null) ?? null;
      return;
    }
    const user = userId === undefined ? undefined : this.#byId.get(userId);
    if (!user) return;
    if (entry.operationId === 'setUserStatus' && body) user.userStatus = body.userStatus as UserStatus;
    if (entry.operationId?.startsWith('enableEmergencyTokencode') && body) {
      user.userStatus = 'Enabled';
      user.emergencyAccessStatus = 'Enabled';
      user.emergencyTokencodeId = String(body.emergencyTokencodeId);
    }
    if (entry.operationId === 'disableEmergencyTokencode') {
      user.emergencyAccessStatus = 'Disabled';
      user.emergencyTokencodeId = null;
    }
  }
}

/** One journal entry made into an interaction, or the reason it cannot be. */
type Made = { interaction: PactInteraction } | { skipped: string };

interface Context {
  spec: SpecDocument;
  specification: PactSpecification;
  model: WorldModel;
  emailOf: PactOptions['emailOf'];
}

/** The provider state of an entry: the user it is about as the journal last saw them, and a forced status. */
function paramsFor(entry: JournalEntry, userId: string | undefined, context: Context): ProviderStateParams {
  const params: ProviderStateParams = {};
  const request = asRecord(entry.requestBody);
  const response = asRecord(entry.responseBody);
  if (entry.operationId === 'lookupUser' && typeof request?.email === 'string') {
    params.email = request.email;
    if (entry.status === 200 && response) {
      params.userStatus = response.userStatus as UserStatus;
      params.emergencyAccessStatus = response.emergencyAccessStatus as EmergencyAccessStatus;
    }
  } else if (userId !== undefined) {
    const known = context.model.user(userId);
    const email = known?.email ?? context.emailOf?.(userId);
    if (email !== undefined) {
      params.email = email;
      if (known?.userStatus) params.userStatus = known.userStatus;
      if (known?.emergencyAccessStatus) params.emergencyAccessStatus = known.emergencyAccessStatus;
    }
  }
  if (isForced(entry)) {
    params.forceStatus = entry.status;
    if (typeof response?.description === 'string') params.forceDescription = response.description;
  }
  return params;
}

/** A query string as Pact's map of each parameter to its values, in the order sent. */
function queryOf(query: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) (map[name] ??= []).push(value);
  return map;
}

const headerValue = (specification: PactSpecification, value: string): string | string[] =>
  specification === 'V4' ? [value] : value;

const bodyOf = (specification: PactSpecification, value: unknown): unknown =>
  specification === 'V4' ? { content: value, contentType: 'application/json', encoded: false } : value;

/** Makes one entry into an interaction: request as sent (token and ids from the provider state), response as answered. */
function interactionOf(entry: JournalEntry, context: Context): Made {
  const { spec, specification } = context;
  if (entry.operationId === null) return { skipped: 'no operation of the contract has this method and path' };
  if (entry.status === 0) return { skipped: 'a fault failed the connection: there is no answer to match' };
  const unreproducible = UNREPRODUCIBLE[entry.status];
  if (unreproducible) return { skipped: unreproducible };
  const match = loadContract().route(entry.method, entry.path);
  if (!('route' in match)) return { skipped: 'the path no longer routes to an operation' };
  const operation = match.route.operation;
  if (operation.responses[String(entry.status)] === undefined)
    return { skipped: `the contract declares no ${entry.status} for ${entry.operationId}` };
  if (operation.requestBody && asRecord(entry.requestBody) === undefined)
    return { skipped: 'the request body was not a JSON object' };

  const request = asRecord(entry.requestBody);
  const userId =
    match.params.userId ?? (typeof request?.email === 'string' ? context.model.idOf(request.email) : undefined);
  const known = userId === undefined ? undefined : context.model.user(userId);
  const knownTokencodeId = known?.emergencyTokencodeId;
  const params = paramsFor(entry, userId, context);
  context.model.learn(entry, match.params.userId);

  const headers: Record<string, string | string[]> = {
    Authorization: headerValue(specification, EXAMPLE_AUTHORIZATION),
  };
  const generators: Record<string, Record<string, unknown>> = {};
  // A 403 replays with the example, which no key signed; every other interaction needs the token the state returns.
  if (entry.status !== 403)
    generators.header = { Authorization: { type: 'ProviderState', expression: 'Bearer ${token}', dataType: 'STRING' } };
  // Ids in the path are the provider's: the state returns the user's (and their code's) for this world.
  const pathUserId = match.params.userId;
  if (pathUserId !== undefined && params.email !== undefined) {
    let expression = entry.path.replace(`/${encodeURIComponent(pathUserId)}`, '/${userId}');
    const tokencodeId = match.params.emergencyTokencodeId;
    if (tokencodeId !== undefined && tokencodeId === knownTokencodeId)
      expression = expression.replace(`/${encodeURIComponent(tokencodeId)}`, '/${emergencyTokencodeId}');
    generators.path = { type: 'ProviderState', expression, dataType: 'STRING' };
  }
  const pactRequest: PactInteraction['request'] = {
    method: entry.method.toUpperCase(),
    path: entry.path,
    ...(entry.query !== undefined && entry.query !== '' && { query: queryOf(entry.query) }),
    headers,
    matchingRules: {
      header: { Authorization: { combine: 'AND', matchers: [{ match: 'regex', regex: AUTHORIZATION_REGEX }] } },
    },
    ...(Object.keys(generators).length > 0 && { generators }),
  };
  if (operation.requestBody) {
    headers['Content-Type'] = headerValue(specification, 'application/json');
    pactRequest.body = bodyOf(specification, entry.requestBody);
  }

  const response: PactInteraction['response'] = { status: entry.status, headers: {} };
  if (entry.responseBody !== null) {
    const declared = resolve(spec, operation.responses[String(entry.status)]) as
      { content?: Record<string, { schema?: unknown }> } | undefined;
    const schema = declared?.content?.['application/json']?.schema;
    response.headers['Content-Type'] = headerValue(specification, 'application/json');
    response.body = bodyOf(specification, entry.responseBody);
    response.matchingRules = { body: bodyRules(spec, schema, entry.responseBody) };
  }

  const interaction: PactInteraction = {
    description: `${entry.operationId} answering ${entry.status} in scenario ${entry.trace.scenario}`,
    providerStates: [{ name: entry.trace.scenario, params }],
    request: pactRequest,
    response,
  };
  return {
    interaction: specification === 'V4' ? { type: 'Synchronous/HTTP', pending: false, ...interaction } : interaction,
  };
}

/**
 * Makes a pact from journal entries: one interaction per operation, status and scenario (the first entry of each),
 * in journal order. Entries it cannot reproduce are listed in `metadata.cloud-admin-fake.skipped` with the reason.
 * @example const pact = createPact(fake.journal(), { consumer: 'help-desk' });
 */
export function createPact(entries: readonly JournalEntry[], options: PactOptions): Pact {
  const specification = options.specification ?? 'V4';
  const spec = loadContract().spec;
  const interactions: PactInteraction[] = [];
  const skipped: Schemas['PactSkipped'][] = [];
  const seen = new Set<string>();
  let model = new WorldModel();
  let scenario: string | undefined;
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    // Another scenario is another world: what the journal showed of the old one no longer holds.
    if (entry.trace.scenario !== scenario) model = new WorldModel();
    scenario = entry.trace.scenario;
    const made = interactionOf(entry, { spec, specification, model, emailOf: options.emailOf });
    if ('skipped' in made) {
      skipped.push({ seq: entry.seq, reason: made.skipped });
      continue;
    }
    const key = `${entry.operationId} ${entry.status} ${entry.trace.scenario}`;
    if (seen.has(key)) continue;
    seen.add(key);
    interactions.push(made.interaction);
  }
  return {
    consumer: { name: options.consumer },
    provider: { name: options.provider ?? DEFAULT_PACT_PROVIDER },
    interactions,
    metadata: {
      pactSpecification: { version: specification === 'V4' ? '4.0' : '3.0.0' },
      'cloud-admin-fake': { skipped },
    },
  };
}
