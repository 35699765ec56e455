/** createFake() draws its seeded users from a private faker: the user's own faker instance is left alone. */
import { faker } from '@faker-js/faker';
import { expect, it } from 'vitest';
import { createFake } from '../src/create-fake.js';

const draws = (count: number): number[] => Array.from({ length: count }, () => faker.number.int());

it('leaves the global faker sequence as it was when a fake is created in the middle of it', () => {
  faker.seed(2024);
  const expected = draws(6);

  faker.seed(2024);
  const first = draws(3);
  createFake({ seed: 1, users: 50 });
  createFake({ seed: 99, users: 50 });
  expect([...first, ...draws(3)]).toEqual(expected);
});

it('does not reseed the global faker, so data drawn after each createFake does not repeat', () => {
  createFake({ seed: 1, users: 10 });
  const afterFirst = draws(3);
  createFake({ seed: 1, users: 10 });
  const afterSecond = draws(3);
  expect(afterSecond).not.toEqual(afterFirst);
});

it('still gives the same seeded users whatever state the global faker is in', () => {
  const names = (): string[] =>
    createFake({ seed: 5, users: 20 })
      .exportState()
      .users.map((user) => `${user.firstName} ${user.lastName}`);
  faker.seed(1);
  const one = names();
  faker.seed(123_456);
  draws(17);
  expect(names()).toEqual(one);
  expect(new Set(one).size).toBeGreaterThan(10);
});
