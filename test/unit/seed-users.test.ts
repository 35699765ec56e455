/**
 * A world's users are drawn once and handed over as drawn; asked for again, the world is kept and copies of it are
 * handed over. Whichever way a caller gets its users, they are its own: what it changes never reaches another world.
 */
import { describe, expect, it } from 'vitest';
import { seedUsers, seedUsersInSlices } from '../../src/domain/seed-users.js';
import type { Scenario } from '../../src/domain/scenario.js';
import type { UserRecord } from '../../src/domain/user-store.js';

const NOW = Date.UTC(2026, 5, 1);
const LATER = NOW + 3_600_000;

/** A scenario object of its own per test: worlds are kept per scenario object. */
const scenario = (): Scenario => ({
  name: 'kept-worlds',
  description: 'Seeded users and one marked by the scenario.',
  seededUsers: 5,
  users: [{ email: 'marked.user@example.com', firstName: 'Marked', lastName: 'User', markDeleted: true }],
});

/** What a draw gives, as plain values. */
const values = (users: readonly UserRecord[]): unknown => JSON.parse(JSON.stringify(users));

/** Changes every record of a world the way requests do (in place). */
function spoil(users: UserRecord[]): void {
  for (const user of users) {
    user.userStatus = 'Disabled';
    user.firstName = 'Changed';
  }
}

describe('seedUsers, asked for the same world again and again', () => {
  it('gives equal users each time, none of them another call’s, whatever a caller changed', () => {
    const world = scenario();
    const first = seedUsers(world, 21, 0, NOW);
    const expected = values(first);
    spoil(first);
    const second = seedUsers(world, 21, 0, NOW);
    expect(values(second)).toEqual(expected);
    spoil(second);
    const third = seedUsers(world, 21, 0, NOW);
    const fourth = seedUsers(world, 21, 0, NOW);
    expect(values(third)).toEqual(expected);
    expect(values(fourth)).toEqual(expected);
    const all = [first, second, third, fourth].flat();
    expect(new Set(all).size).toBe(all.length);
    expect(first).toHaveLength(6);
  });

  it('marks the scenario’s user at the time of each draw, first, second and later', () => {
    const world = scenario();
    const marked = (users: readonly UserRecord[]) => users.find((user) => user.email === 'marked.user@example.com');
    expect(marked(seedUsers(world, 22, 0, NOW))?.markDeletedAt).toBe(NOW);
    expect(marked(seedUsers(world, 22, 0, LATER))?.markDeletedAt).toBe(LATER);
    expect(marked(seedUsers(world, 22, 0, NOW))?.markDeletedAt).toBe(NOW);
    expect(marked(seedUsers(world, 22, 0, LATER))).toMatchObject({ markDeletedAt: LATER, markDeletedBy: 'scenario' });
  });

  it('gives other seeds and other extra users worlds of their own', () => {
    const world = scenario();
    const a = seedUsers(world, 23, 0, NOW);
    const b = seedUsers(world, 24, 0, NOW);
    const c = seedUsers(world, 23, 2, NOW);
    expect(values(a)).not.toEqual(values(b));
    expect(c).toHaveLength(a.length + 2);
    expect(values(seedUsers(world, 23, 0, NOW))).toEqual(values(a));
  });
});

describe('seedUsersInSlices, as a server draws, mixed with seedUsers', () => {
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('gives the users seedUsers gives, each time a caller’s own', async () => {
    const world = scenario();
    const expected = values(seedUsers(scenario(), 25, 0, NOW));
    const sliced = [];
    for (let i = 0; i < 3; i++) {
      const users = await seedUsersInSlices(world, 25, 0, NOW, pause, 0);
      expect(values(users)).toEqual(expected);
      spoil(users);
      sliced.push(users);
    }
    const atOnce = seedUsers(world, 25, 0, NOW);
    expect(values(atOnce)).toEqual(expected);
    const all = [...sliced, atOnce].flat();
    expect(new Set(all).size).toBe(all.length);
  });
});
