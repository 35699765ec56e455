/**
 * faker for browser bundles (package.json "browser" maps faker-load.js here): imported statically, as a browser has
 * no require. Node takes faker-load.ts, which loads faker on first use.
 */
import { faker } from '@faker-js/faker/locale/en';

/** The shared en instance of faker, bundled. */
export const loadFaker = (): typeof faker => faker;
