/** User Search v1 and v2 in every transport: a literal substring of the email, sorted by email, paged from zero. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODES, startMode, type Answer, type Harness } from './support/modes.js';

const START = '2026-03-01T09:00:00.000Z';

interface Details {
  id: string;
  emailAddress: string;
}
interface Page {
  totalPages: number;
  totalElements: number;
  elements: Details[];
}

function expectApplicationError(answer: Answer, status: number, description: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.body).toEqual({ code: expect.stringMatching(new RegExp(`^${status} `)) as unknown, description });
}

describe.each(MODES)('user search over %s', (mode) => {
  let fake: Harness;
  /** Every email of the tenant containing `text`, ignoring case, sorted as the fake sorts them. */
  let emailsWith: (text: string) => string[];
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 7, clock: { start: START } });
    emailsWith = (text) =>
      [...fake.tenant.store.all()]
        .map((user) => user.email)
        .filter((email) => email.toLowerCase().includes(text.toLowerCase()))
        .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  });
  afterEach(() => fake.stop());

  it('v1 answers an array of user details sorted by email, at most pageSize of them', async () => {
    const answer = await fake.call('POST', 'v1/users/search?pageSize=5', { emailLike: 'example.com' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const users = answer.body as Details[];
    expect(users.map((user) => user.emailAddress)).toEqual(emailsWith('example.com').slice(0, 5));
    expect(users[0]).toEqual(fake.controls.user(users[0]?.emailAddress ?? ''));
  });

  it('v1 defaults to 25 users and matches a literal part of the email, ignoring case', async () => {
    expect(emailsWith('example.com').length).toBeGreaterThan(25);
    const all = await fake.call('POST', 'v1/users/search', { emailLike: 'EXAMPLE.com' });
    expect((all.body as Details[]).map((user) => user.emailAddress)).toEqual(emailsWith('example.com').slice(0, 25));
    const jane = await fake.call('POST', 'v1/users/search', { emailLike: 'jane.doe@' });
    expect((jane.body as Details[]).map((user) => user.emailAddress)).toEqual(['jane.doe@example.com']);
    const wildcard = await fake.call('POST', 'v1/users/search', { emailLike: 'jane*' });
    expect(wildcard.body).toEqual([]);
  });

  it('v2 pages from zero with the totals, and a page past the last is empty', async () => {
    const expected = emailsWith('@example.com');
    const pages: Page[] = [];
    for (let pageNumber = 0; pageNumber < 4; pageNumber++) {
      const answer = await fake.call('POST', `v2/users/search?pageSize=10&pageNumber=${pageNumber}`, {
        emailLike: '@example.com',
      });
      expect(answer.status).toBe(200);
      pages.push(answer.body as Page);
    }
    const totalPages = Math.ceil(expected.length / 10);
    for (const page of pages) {
      expect(page.totalElements).toBe(expected.length);
      expect(page.totalPages).toBe(totalPages);
    }
    expect(pages.flatMap((page) => page.elements.map((user) => user.emailAddress))).toEqual(expected);
    expect(pages[totalPages]?.elements).toEqual([]);
  });

  it('v2 answers no pages for no match', async () => {
    const answer = await fake.call('POST', 'v2/users/search', { emailLike: 'nobody@nowhere' });
    expect(answer.body).toEqual({ totalPages: 0, totalElements: 0, elements: [] });
  });

  it('refuses a page size outside 1 to 25, a negative page and a body without emailLike', async () => {
    expectApplicationError(
      await fake.call('POST', 'v1/users/search?pageSize=26', { emailLike: 'a' }),
      400,
      'Invalid page size.',
    );
    const zero = await fake.call('POST', 'v2/users/search?pageSize=0', { emailLike: 'a' });
    expectApplicationError(zero, 400, 'Invalid page size.');
    expect(zero.headers.get('x-fake-reason')).toBe('query parameter pageSize must be >= 1');
    expectApplicationError(
      await fake.call('POST', 'v2/users/search?pageNumber=-1', { emailLike: 'a' }),
      400,
      'Invalid page number.',
    );
    expectApplicationError(
      await fake.call('POST', 'v2/users/search?pageNumber=one', { emailLike: 'a' }),
      400,
      'Invalid page number.',
    );
    expectApplicationError(await fake.call('POST', 'v1/users/search', { email: 'a' }), 400, 'Invalid search criteria.');
    expectApplicationError(
      await fake.call('POST', 'v2/users/search', { emailLike: 7 }),
      400,
      'Invalid search criteria.',
    );
  });
});
