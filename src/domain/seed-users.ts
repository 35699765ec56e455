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
const ownFaker = (): Faker => {
  if (privateFaker) return privateFaker;
  const shared = loadFaker();
  const FakerClass = shared.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;
  return (privateFaker = new FakerClass({ locale: shared.rawDefinitions }));
};

/** Draws the seeded users' names in order: per user a first name, then a last name. */
interface NameDraws {
  firstName(): string;
  lastName(): string;
}

/** The names the private faker draws under `seed` (the source of the snapshot below). */
export function fakerNameDraws(seed: number): NameDraws {
  const faker = ownFaker();
  faker.seed(seed);
  return faker.person;
}

/**
 * The names for `count` seeded users under `seed`: taken from the snapshot of faker's draws for the default seed
 * (src/generated/seed-names.ts, written by `npm run generate`) while it holds them, so the default world is built
 * without loading faker (about a fifth of a standalone start); drawn from faker past it or for another seed. Both
 * give the same names: the snapshot is faker's own sequence, and test/unit/seed-names.test.ts holds them equal.
 */
function nameDraws(seed: number, count: number): NameDraws {
  if (seed !== SEED_NAMES_SEED || count * 2 > SEED_NAMES.length) return fakerNameDraws(seed);
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

function monthOf(ms: number): string {
  const date = new Date(ms);
  return `${MONTHS[date.getUTCMonth()] ?? 'Jan'} ${date.getUTCFullYear()}`;
}

const asciiName = (name: string): string => name.toLowerCase().replace(/[^a-z]/g, '') || 'user';

/** Worlds seeded already, by scenario object, then by seed and extra users: a fresh world per test is a copy. */
const seeded = new WeakMap<Scenario, Map<string, readonly UserRecord[]>>();
/** Only small worlds are kept (a copy of --users 100000 would double its memory), and a few per scenario. */
const MAX_KEPT_USERS = 2000;
const MAX_KEPT_WORLDS = 16;

/**
 * The users of `scenario` under `seed`, with `extraUsers` more seeded ones (the CLI's --users). A scenario user
 * with `markDeleted` is marked at `nowMs` (when the world is built) by `scenario`. The same scenario, seed and
 * extra users give the same records, so a small world is drawn once (faker costs about 40 µs a name) and copied
 * after that; records are flat, and a copy is as fresh as a new draw.
 */
export function seedUsers(scenario: Scenario, seed: number, extraUsers = 0, nowMs = REFERENCE_MS): UserRecord[] {
  if ((scenario.users?.length ?? 0) + (scenario.seededUsers ?? 0) + extraUsers > MAX_KEPT_USERS)
    return drawUsers(scenario, seed, extraUsers, nowMs);
  let worlds = seeded.get(scenario);
  if (!worlds) seeded.set(scenario, (worlds = new Map<string, readonly UserRecord[]>()));
  const key = `${seed}:${extraUsers}`;
  let users = worlds.get(key);
  if (!users) {
    users = drawUsers(scenario, seed, extraUsers, nowMs);
    if (worlds.size >= MAX_KEPT_WORLDS) worlds.delete(worlds.keys().next().value ?? '');
    worlds.set(key, users);
  }
  return users.map((user) => (user.markDeletedAt === undefined ? { ...user } : { ...user, markDeletedAt: nowMs }));
}

function drawUsers(scenario: Scenario, seed: number, extraUsers: number, nowMs: number): UserRecord[] {
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
  const names = nameDraws(seed, count);
  for (let i = 0; i < count; i++) {
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
