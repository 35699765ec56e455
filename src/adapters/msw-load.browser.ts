/**
 * msw for browser bundles (package.json "browser" maps msw-load.js here): imported statically, as a browser has no
 * require. Node takes msw-load.ts, which loads msw on first use.
 */
import { http } from 'msw/core/http';

/** msw's `http` namespace, bundled. */
export const loadMswHttp = (): typeof http => http;
