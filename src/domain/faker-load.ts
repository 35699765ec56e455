/**
 * faker's en locale, loaded on first use: importing it costs Node about a fifth of the package's import time (and a
 * fifth of a standalone start), and only a world that draws more names than src/generated/seed-names.ts holds for
 * the default seed (another seed, or many extra users) needs it. faker is an ES module without
 * top-level await, so Node's require (require of ES modules, Node 20.19 and later) loads it synchronously when the
 * first such world is built. Bundlers for the browser take faker-load.browser.ts instead (package.json "browser").
 */
import type { Faker } from '@faker-js/faker';
import { nodeLoader } from '../core/node-host.js';

let loaded: Faker | undefined;

/** The shared en instance of faker (never seeded here: seed-users.ts builds a private one from it). */
export function loadFaker(): Faker {
  if (loaded) return loaded;
  const require = nodeLoader(import.meta.url, 'faker');
  loaded = (require('@faker-js/faker/locale/en') as { faker: Faker }).faker;
  return loaded;
}
