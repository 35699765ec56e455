/**
 * ajv for browser bundles (package.json "browser" maps ajv-load.js here): imported statically, as a browser has no
 * require. Node takes ajv-load.ts, which loads ajv on first use.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { AjvModules } from './ajv-load.js';

const modules: AjvModules = { Ajv2020: Ajv2020Module.default, addFormats: addFormatsModule.default };

/** ajv and ajv-formats, bundled. */
export const loadAjv = (): AjvModules => modules;
