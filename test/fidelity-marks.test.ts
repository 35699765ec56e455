/** Every undocumented choice is marked in the contract, the marks are listed by kind, and the README shows them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  collectMarks,
  marksByKind,
  renderNotes,
  sectionOf,
  type FidelityKind,
  type FidelityMark,
} from '../scripts/fidelity-notes.js';
import { loadSpec } from '../src/core/spec.js';

const marks = collectMarks();
const byKind = marksByKind(marks);
const labels = (kind: FidelityKind): string[] => byKind[kind].map((mark) => mark.label);
const find = (label: string): FidelityMark | undefined => marks.find((mark) => mark.label === label);

describe('fidelity marks', () => {
  it('lists the marks by kind, with the choices the drop-in review found unmarked among them', () => {
    expect(labels('confirmed')).toEqual(
      expect.arrayContaining([
        'POST /v1/users/lookup (lookupUser)',
        'token rule expNotPast',
        'token rule expAtMostOneHourAhead',
        'token rule iatAtMostOneHourPast',
        'token rule otherClaimsIgnored',
        'token rule typOtherRefused',
        'schema ForbiddenError',
        'schema UserDetails',
      ]),
    );
    expect(labels('inferred')).toEqual(
      expect.arrayContaining([
        'token rule expiredMessage',
        'token rule futureIatAllowed',
        'token rule typMissingAccepted',
        'token rule bearerAnyCase',
        'token rule audArray',
        'token rule messagesByCause',
        'request handling: noRoute',
        'request handling: notNormalized',
        'response BadRequest',
        'response UnsupportedMediaType',
        'response UserNotFound',
        'PUT /v1/users/{userId}/emergencyTokencode (enableEmergencyTokencodeV1) request body',
        'schema UserLookupRequest',
        'schema UserLookupRequest.email',
        'DELETE /v1/users/{userId}/emergencyTokencode/{emergencyTokencodeId} (disableEmergencyTokencode)',
      ]),
    );
    expect(labels('unknown-chosen')).toEqual(
      expect.arrayContaining([
        'request handling: checkOrder',
        'request handling: routeBeforeAuth',
        'request handling: uriTooLong',
        'request handling: headersTooLarge',
        'POST /v1/users/lookup (lookupUser) request body',
        'PUT /v1/users/{userId}/userStatus (setUserStatus) request body',
        'PUT /v1/users/{userId}/userStatus (setUserStatus) 200',
        'PUT /v2/users/{userId}/emergencyTokencode (enableEmergencyTokencodeV2) request body',
        'schema UserLookupRequest.searchUnsynched',
        'DELETE /v1/users/{userId}/emergencyTokencode/{emergencyTokencodeId} (disableEmergencyTokencode) 200',
      ]),
    );
    // Each kind is in use and no place is marked twice.
    for (const kind of ['confirmed', 'inferred', 'unknown-chosen'] as const)
      expect(byKind[kind].length).toBeGreaterThan(0);
    expect(new Set(marks.map((mark) => mark.pointer)).size).toBe(marks.length);
  });

  it('marks as confirmed only what a captured body, the vendor example or the vendor page words show', () => {
    for (const mark of byKind.confirmed) {
      const cited =
        /captur|C-PYD|example/i.test(mark.reason) || (/\bD-[A-Z0-9]+/.test(mark.reason) && /"[^"]+"/.test(mark.reason));
      expect(cited, `${mark.label}: ${mark.reason}`).toBe(true);
    }
    // The texts from a table of response codes are not a captured body.
    expect(find('response UserNotFound')?.kind).toBe('inferred');
    expect(find('PUT /v1/users/{userId}/emergencyTokencode (enableEmergencyTokencodeV1) request body')?.kind).toBe(
      'inferred',
    );
  });

  it('marks every token rule the authenticator applies, each with evidence', () => {
    const scheme = loadSpec().components.securitySchemes?.legacyJwt as { 'x-token-rules': Record<string, unknown> };
    expect(Object.keys(scheme['x-token-rules']).sort()).toEqual([
      'algRs256Only',
      'audArray',
      'audOriginOrSlash',
      'bearerAnyCase',
      'expAtMostOneHourAhead',
      'expNotBeforeIat',
      'expNotPast',
      'expiredMessage',
      'futureIatAllowed',
      'iatAtMostOneHourPast',
      'lifetimeAtMostOneHour',
      'messagesByCause',
      'numericDateStrings',
      'otherClaimsIgnored',
      'typMissingAccepted',
      'typOtherRefused',
    ]);
    expect(find('token rule expiredMessage')?.reason).toContain('Expired Access Token is not allowed');
  });

  it('marks every operation and every operation request body', () => {
    for (const [path, item] of Object.entries(loadSpec().paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const head = `${method.toUpperCase()} ${path} (${operation.operationId})`;
        expect(find(head), head).toBeDefined();
        if (operation.requestBody) expect(find(`${head} request body`), `${head} request body`).toBeDefined();
      }
    }
  });

  it('generates the README fidelity notes from the marks (run `npm run fidelity-notes` after editing them)', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = sectionOf(readme);
    expect(section).toBeDefined();
    expect(section).toBe(await renderNotes(marks));
    for (const mark of marks) expect(section).toContain(mark.label.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });
});
