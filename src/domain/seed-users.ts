/** Builds a scenario's users deterministically from a seed: the same seed gives byte-identical data. */
import type { Faker } from '@faker-js/faker';
import { loadFaker } from './faker-load.js';
import { createRandom, hashString } from '../core/random.js';
import { SEED_NAMES, SEED_NAMES_SEED } from '../generated/seed-names.js';
import type { Scenario } from './scenario.js';
import type { UserRecord } from './user-store.js';

/**
 * A private faker: seeding the shared instance (the one `import { faker } from '@faker-js/faker'` gives the
 * user's own tests) would make their "random" data repeat. It is built from the shared instance's class and
 * definitions because the package's root export, which has the class, loads every locale at start.
 */
let privateFaker: Faker | undefined;
const newFaker = (): Faker => {
  const shared = loadFaker();
  const FakerClass = shared.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;
  return new FakerClass({ locale: shared.rawDefinitions });
};
const ownFaker = (): Faker => (privateFaker ??= newFaker());

/** Draws the seeded users' names in order: per user a first name, then a last name. */
interface NameDraws {
  firstName(): string;
  lastName(): string;
}

/** The names the private faker (or `faker`) draws under `seed` (the source of the snapshot below). */
export function fakerNameDraws(seed: number, faker = ownFaker()): NameDraws {
  faker.seed(seed);
  let draws = quickNames.get(faker);
  if (!draws) quickNames.set(faker, (draws = quickNameDraws(faker) ?? faker.person));
  return draws;
}

/** Each faker's quick draws, made once (they close over that faker). */
const quickNames = new WeakMap<Faker, NameDraws>();

/** A locale's definition by sex, as a locale's data may have it. */
interface BySex<T> {
  generic?: readonly T[];
  female?: readonly T[];
  male?: readonly T[];
}
interface Weighted {
  value: string;
  weight: number;
}

/**
 * The names faker's `person.firstName()` and `person.lastName()` draw (en, no sex given), made with the same calls
 * of faker's own helpers in the same order, so the same seed gives the same names: a sex (as `person.sexType()`
 * draws it), then a list weighted as faker weighs a sex's list against the generic one, then a name; for a last
 * name, a sex (drawn and unused, as faker does), a pattern, then a name for each of its placeholders. faker's
 * `lastName` parses its pattern on every call (about 20 µs a name, most of a tenant's creation); this resolves the
 * patterns once. test/unit/seed-names.test.ts holds the two equal over many seeds. Undefined when the locale's
 * definitions are not of the shape this knows (faker's own calls are used then).
 */
function quickNameDraws(faker: Faker): NameDraws | undefined {
  const { helpers } = faker;
  // Read as any locale may have it: faker's types give each definition a shape, the data of a locale another.
  const person = faker.rawDefinitions.person as
    { first_name?: BySex<string>; last_name?: BySex<string>; last_name_pattern?: BySex<Weighted> } | undefined;
  const first = person?.first_name;
  const lastNames = person?.last_name?.generic;
  const bySex = person?.last_name_pattern;
  const patterns = bySex?.generic;
  if (!first?.generic || !first.female || !first.male || !lastNames || !patterns) return undefined;
  // A sex's own last names would be weighed against the generic ones, as first names are: not done here.
  if (bySex.female !== undefined || bySex.male !== undefined) return undefined;
  const PLACEHOLDER = '{{person.last_name.generic}}';
  // A pattern as its literal parts, a drawn last name between each two.
  const parts = new Map<string, string[]>();
  for (const { value } of patterns) {
    const split = value.split(PLACEHOLDER);
    if (split.some((part) => part.includes('{{'))) return undefined;
    parts.set(value, split);
  }
  const sexes = ['female', 'male'] as const;
  const weighed = (list: readonly string[], generic: readonly string[]) => [
    { weight: 3 * Math.sqrt(list.length), value: list },
    { weight: Math.sqrt(generic.length), value: generic },
  ];
  const lists = { female: weighed(first.female, first.generic), male: weighed(first.male, first.generic) };
  return {
    firstName: () => helpers.arrayElement(helpers.weightedArrayElement(lists[helpers.arrayElement(sexes)])),
    lastName: () => {
      helpers.arrayElement(sexes);
      const split = parts.get(helpers.weightedArrayElement(patterns)) ?? [''];
      let name = split[0] ?? '';
      for (let i = 1; i < split.length; i++) name += helpers.arrayElement(lastNames) + (split[i] ?? '');
      return name;
    },
  };
}

/**
 * The names for `count` seeded users under `seed`: taken from the snapshot of faker's draws for the default seed
 * (src/generated/seed-names.ts, written by `npm run generate`) while it holds them, so the default world is built
 * without loading faker (about a fifth of a standalone start); drawn from faker past it or for another seed. Both
 * give the same names: the snapshot is faker's own sequence, and test/unit/seed-names.test.ts holds them equal.
 */
function nameDraws(seed: number, count: number, faker: () => Faker): NameDraws {
  if (seed !== SEED_NAMES_SEED || count * 2 > SEED_NAMES.length) return fakerNameDraws(seed, faker());
  let next = 0;
  const draw = (): string => SEED_NAMES[next++] ?? '';
  return { firstName: draw, lastName: draw };
}

/** Seeded dates are drawn before this instant, so they do not depend on when the fake runs. */
const REFERENCE_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The id a user gets: derived from the seed and the email, so it is stable whatever else the world holds. */
export function userIdFor(seed: number, email: string): string {
  return createRandom(hashString(email.toLowerCase(), seed >>> 0)).uuid();
}

/**
 * The month names made, by year and month: a seeded world has at most three years of them, so its users share a few
 * dozen strings instead of holding one each (one object less per user for the garbage collector to copy).
 */
const monthNames = new Map<number, string>();

function monthOf(ms: number): string {
  const date = new Date(ms);
  const index = date.getUTCFullYear() * 12 + date.getUTCMonth();
  let name = monthNames.get(index);
  if (name === undefined) {
    name = `${MONTHS[date.getUTCMonth()] ?? 'Jan'} ${date.getUTCFullYear()}`;
    if (monthNames.size < 1024) monthNames.set(index, name);
  }
  return name;
}

const asciiName = (name: string): string => name.toLowerCase().replace(/[^a-z]/g, '') || 'user';

/** Worlds seeded already, by scenario object, then by seed and extra users: a fresh world per test is a copy. */
const seeded = new WeakMap<Scenario, Map<string, readonly UserRecord[]>>();
/**
 * The worlds drawn once and not kept, by scenario, then by the same key: a world is kept from its second draw on. A
 * world drawn only once (a tenant with a seed of its own, as a server makes them) is then given as drawn, with no
 * copy and nothing kept: half the objects its creation leaves for the garbage collector to copy.
 */
const drawnOnce = new WeakMap<Scenario, Set<string>>();
/** Keys remembered per scenario (forgotten all at once past it, which costs one more draw of a world). */
const MAX_DRAWN_ONCE = 1024;

/** Whether `key`'s world was drawn before (and notes that it is drawn now). */
function drawnBefore(scenario: Scenario, key: string): boolean {
  let keys = drawnOnce.get(scenario);
  if (!keys) drawnOnce.set(scenario, (keys = new Set<string>()));
  if (keys.delete(key)) return true;
  if (keys.size >= MAX_DRAWN_ONCE) keys.clear();
  keys.add(key);
  return false;
}
/** Only small worlds are kept (a copy of --users 100000 would double its memory), and a few per scenario. */
const MAX_KEPT_USERS = 2000;

/** Whether a world is small enough to keep, and under which key its scenario keeps it. */
const keptKey = (scenario: Scenario, seed: number, extraUsers: number): string | undefined =>
  (scenario.users?.length ?? 0) + (scenario.seededUsers ?? 0) + extraUsers > MAX_KEPT_USERS
    ? undefined
    : `${seed}:${extraUsers}`;
const MAX_KEPT_WORLDS = 16;

/**
 * The users of `scenario` under `seed`, with `extraUsers` more seeded ones (the CLI's --users). A scenario user
 * with `markDeleted` is marked at `nowMs` (when the world is built) by `scenario`. The same scenario, seed and
 * extra users give the same records, so a small world asked for again is kept on its second draw (faker costs about
 * 40 µs a name) and copied after that; records are flat, and a copy is as fresh as a new draw.
 */
export function seedUsers(scenario: Scenario, seed: number, extraUsers = 0, nowMs = REFERENCE_MS): UserRecord[] {
  const key = keptKey(scenario, seed, extraUsers);
  if (key === undefined) return drawUsers(scenario, seed, extraUsers, nowMs);
  let users = seeded.get(scenario)?.get(key);
  if (!users) {
    if (!drawnBefore(scenario, key)) return drawUsers(scenario, seed, extraUsers, nowMs);
    users = keepWorld(scenario, key, drawUsers(scenario, seed, extraUsers, nowMs));
  }
  return copyWorld(users, nowMs);
}

/** Fresh records of a kept world, a user marked by the scenario marked at `nowMs`. */
const copyWorld = (users: readonly UserRecord[], nowMs: number): UserRecord[] =>
  users.map((user) => (user.markDeletedAt === undefined ? { ...user } : { ...user, markDeletedAt: nowMs }));

/**
 * Like seedUsers, but a world that is not kept already is drawn a slice at a time, awaiting `pause()` whenever a
 * slice has run `sliceMs`, so a server goes on answering other requests meanwhile (a tenant created over HTTP). The
 * users are the same as seedUsers gives. The draws use a faker of their own, one world at a time: seedUsers reseeds
 * the other one whenever a world is built at once.
 */
export async function seedUsersInSlices(
  scenario: Scenario,
  seed: number,
  extraUsers: number,
  nowMs: number,
  pause: () => Promise<void>,
  sliceMs = 1,
): Promise<UserRecord[]> {
  const key = keptKey(scenario, seed, extraUsers);
  if (key === undefined) return drawInSlices(scenario, seed, extraUsers, nowMs, pause, sliceMs, undefined);
  const kept = seeded.get(scenario)?.get(key);
  if (kept) return copyWorld(kept, nowMs);
  if (!drawnBefore(scenario, key)) return drawInSlices(scenario, seed, extraUsers, nowMs, pause, sliceMs, undefined);
  return copyWorld(await drawInSlices(scenario, seed, extraUsers, nowMs, pause, sliceMs, key), nowMs);
}

/** The faker of sliced draws, and the draw whose turn it is (they take turns: a faker holds one sequence). */
let slicedFaker: Faker | undefined;
let slicedTurn: Promise<unknown> = Promise.resolve();

/** Keeps a drawn world (the oldest kept of its scenario goes past MAX_KEPT_WORLDS). */
function keepWorld(scenario: Scenario, key: string, users: readonly UserRecord[]): readonly UserRecord[] {
  let worlds = seeded.get(scenario);
  if (!worlds) seeded.set(scenario, (worlds = new Map<string, readonly UserRecord[]>()));
  if (worlds.size >= MAX_KEPT_WORLDS) worlds.delete(worlds.keys().next().value ?? '');
  worlds.set(key, users);
  return users;
}

function drawInSlices(
  scenario: Scenario,
  seed: number,
  extraUsers: number,
  nowMs: number,
  pause: () => Promise<void>,
  sliceMs: number,
  /** The key to keep the world under, or undefined for a world too large to keep. */
  keep: string | undefined,
): Promise<UserRecord[]> {
  const turn = slicedTurn.then(async () => {
    const draws = userDraws(scenario, seed, extraUsers, nowMs, () => (slicedFaker ??= newFaker()));
    let sliceStart = performance.now();
    for (let step = draws.next(); ; step = draws.next()) {
      if (step.done) {
        if (keep !== undefined) keepWorld(scenario, keep, step.value);
        return step.value;
      }
      if (performance.now() - sliceStart >= sliceMs) {
        await pause();
        sliceStart = performance.now();
      }
    }
  });
  slicedTurn = turn.catch(() => undefined);
  return turn;
}

function drawUsers(scenario: Scenario, seed: number, extraUsers: number, nowMs: number): UserRecord[] {
  const draws = userDraws(scenario, seed, extraUsers, nowMs, ownFaker);
  for (;;) {
    const step = draws.next();
    if (step.done) return step.value;
  }
}

/** How many users are drawn between two points where a sliced draw may pause. */
const DRAWS_PER_STEP = 8;

/** Draws the users of a world, their names from `faker` (or the snapshot), stopping every DRAWS_PER_STEP users. */
function* userDraws(
  scenario: Scenario,
  seed: number,
  extraUsers: number,
  nowMs: number,
  faker: () => Faker,
): Generator<undefined, UserRecord[], undefined> {
  const random = createRandom(hashString('users', seed >>> 0));
  const identitySource = scenario.identitySource ?? 'Corporate Directory';
  const dates = (): { creationDate: number; lastSyncTime: number; monthLastAuthenticated: string } => {
    const creationDate = REFERENCE_MS - Math.floor(random.next() * 3 * 365 * DAY_MS);
    const lastSyncTime = creationDate + Math.floor(random.next() * (REFERENCE_MS - creationDate));
    return { creationDate, lastSyncTime, monthLastAuthenticated: monthOf(lastSyncTime) };
  };
  const users: UserRecord[] = (scenario.users ?? []).map((user) => ({
    id: userIdFor(seed, user.email),
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    identitySource,
    userStatus: user.userStatus ?? 'Enabled',
    highRiskUser: user.highRiskUser ?? false,
    alternateUsername: '',
    eac: null,
    ...dates(),
    ...(user.markDeleted === true && { markDeletedAt: nowMs, markDeletedBy: 'scenario' }),
  }));
  const count = (scenario.seededUsers ?? 0) + extraUsers;
  const names = nameDraws(seed, count, faker);
  for (let i = 0; i < count; i++) {
    if (i % DRAWS_PER_STEP === DRAWS_PER_STEP - 1) yield;
    const firstName = names.firstName();
    const lastName = names.lastName();
    // Memory matters at --users 100000: the email is joined into one flat string (a template literal would keep a
    // tree of its parts) and every field is named in the literal, so the record holds them all in-object. The
    // draws and the key order are those of `{ id, email, ..., eac, ...dates() }`.
    const id = random.uuid();
    const email = [asciiName(firstName), '.', asciiName(lastName), '.', i + 1, '@example.com'].join('');
    const userStatus = random.next() < 0.1 ? 'Disabled' : 'Enabled';
    const highRiskUser = random.next() < 0.05;
    const { creationDate, lastSyncTime, monthLastAuthenticated } = dates();
    users.push({
      id,
      email,
      firstName,
      lastName,
      identitySource,
      userStatus,
      highRiskUser,
      alternateUsername: '',
      eac: null,
      creationDate,
      lastSyncTime,
      monthLastAuthenticated,
    });
  }
  return users;
}
