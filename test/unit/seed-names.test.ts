/**
 * The default world's names come from a committed snapshot of faker's draws (src/generated/seed-names.ts) so a start
 * need not load faker: the snapshot must be exactly faker's sequence for its seed, and a world built from it exactly
 * the world faker gives.
 */
import fc from 'fast-check';
import type { Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { SEED_NAMES, SEED_NAMES_SEED } from '../../src/generated/seed-names.js';
import { fakerNameDraws, seedUsers } from '../../src/domain/seed-users.js';
import { loadBuiltInScenarios, type Scenario } from '../../src/domain/scenario.js';
import { loadFaker } from '../../src/domain/faker-load.js';

const SNAPSHOT_USERS = SEED_NAMES.length / 2;
const NOW = Date.UTC(2026, 5, 1);

describe('the snapshot of seeded names', () => {
  it("is faker's own first name draws for its seed, in order", () => {
    const draws = fakerNameDraws(SEED_NAMES_SEED);
    const drawn = Array.from({ length: SNAPSHOT_USERS }, () => [draws.firstName(), draws.lastName()]).flat();
    expect(SEED_NAMES).toEqual(drawn);
    // The default seed and more users than every built-in scenario seeds.
    expect(SEED_NAMES_SEED).toBe(1);
    expect(SNAPSHOT_USERS).toBeGreaterThanOrEqual(Math.max(...loadBuiltInScenarios().map((s) => s.seededUsers ?? 0)));
  });

  it.each(loadBuiltInScenarios().map((scenario) => [scenario.name, scenario] as const))(
    'gives the %s world exactly as faker does: the users of a world drawn past the snapshot begin with it',
    (_name, scenario) => {
      const fromSnapshot = seedUsers(scenario, SEED_NAMES_SEED, 0, NOW);
      const fromFaker = seedUsers(scenario, SEED_NAMES_SEED, SNAPSHOT_USERS, NOW);
      expect(fromSnapshot.length).toBe((scenario.users?.length ?? 0) + (scenario.seededUsers ?? 0));
      expect(fromFaker.slice(0, fromSnapshot.length)).toEqual(fromSnapshot);
      const seeded = fromSnapshot.slice(scenario.users?.length ?? 0).map((user) => [user.firstName, user.lastName]);
      expect(seeded.flat()).toEqual(SEED_NAMES.slice(0, 2 * (scenario.seededUsers ?? 0)));
    },
  );

  it('gives the same users at its last name as one more user drawn by faker does', () => {
    const world = (seededUsers: number): Scenario => ({ name: 'edge', description: 'edge', seededUsers });
    const all = seedUsers(world(SNAPSHOT_USERS), SEED_NAMES_SEED, 0, NOW);
    const past = seedUsers(world(SNAPSHOT_USERS + 1), SEED_NAMES_SEED, 0, NOW);
    expect(past.slice(0, SNAPSHOT_USERS)).toEqual(all);
    expect(all.map((user) => [user.firstName, user.lastName]).flat()).toEqual(SEED_NAMES);
    expect(new Set(past.map((user) => user.id)).size).toBe(SNAPSHOT_USERS + 1);
  });

  it('is not used for another seed: those names are drawn by faker', () => {
    const scenario: Scenario = { name: 'other', description: 'other', seededUsers: 3 };
    const draws = fakerNameDraws(2);
    const expected = Array.from({ length: 3 }, () => [draws.firstName(), draws.lastName()]);
    expect(seedUsers(scenario, 2, 0, NOW).map((user) => [user.firstName, user.lastName])).toEqual(expected);
    expect(expected.flat()).not.toEqual(SEED_NAMES.slice(0, 6));
  });
});

/** A faker of its own, built as the fake builds its private one (never the shared instance). */
const newFaker = (): Faker => {
  const shared = loadFaker();
  const FakerClass = shared.constructor as new (options: { locale: Faker['rawDefinitions'] }) => Faker;
  return new FakerClass({ locale: shared.rawDefinitions });
};

describe("the fake's quick name draws", () => {
  it("are faker's own person.firstName() and person.lastName() under any seed, in any order of the two", () => {
    const reference = newFaker();
    const quick = newFaker();
    let doubleBarrelled = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 120 }),
        (seed, order) => {
          reference.seed(seed);
          const draws = fakerNameDraws(seed, quick);
          for (const first of order) {
            const name = first ? draws.firstName() : draws.lastName();
            expect(name).toBe(first ? reference.person.firstName() : reference.person.lastName());
            if (name.includes('-')) doubleBarrelled += 1;
          }
          // The two draw from one sequence: the next draw after them is the same too.
          expect(quick.number.int(1_000_000)).toBe(reference.number.int(1_000_000));
        },
      ),
      { numRuns: 300, seed: 20261201 },
    );
    // The 5 % of last names with two parts were drawn as well (their pattern has two placeholders).
    expect(doubleBarrelled).toBeGreaterThan(10);
  });
});
