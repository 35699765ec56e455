/** A company's Emergency Access Code settings: defaults, code format and the lock. */
import type { components } from '../generated/cloud-admin.js';

/** The unit of an expiry, as the vendor spells it. */
export type ExpiryUnit = components['schemas']['ExpiryUnit'];

/** The characters a code is drawn from. */
export type CodeCharset = 'alphanumeric' | 'numeric' | 'alphabetic';

/** What Company Settings hold for Emergency Access Codes. */
export interface EacSettings {
  /** Default expiry, applied when a request omits it (and always when locked). */
  expiryValue: number;
  expiryUnit: ExpiryUnit;
  /** Default one-time use. */
  oneTimeUse: boolean;
  /** When locked, request values are ignored and these apply (D-EAC1, D-EAC2). */
  locked: boolean;
  /** Code length, 4 to 16. */
  codeLength: number;
  codeCharset: CodeCharset;
}

/** The fake's defaults: 3 days, reusable, unlocked, 8 alphanumeric characters (format inferred, see the spec). */
export const DEFAULT_EAC_SETTINGS: Readonly<EacSettings> = {
  expiryValue: 3,
  expiryUnit: 'days',
  oneTimeUse: false,
  locked: false,
  codeLength: 8,
  codeCharset: 'alphanumeric',
};

const ALPHABETS: Record<CodeCharset, string> = {
  alphanumeric: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  numeric: '0123456789',
  alphabetic: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

/** The alphabet codes are drawn from. */
export function alphabetOf(charset: CodeCharset): string {
  return ALPHABETS[charset];
}

const UNIT_MS: Record<ExpiryUnit, number> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000 };

/** Milliseconds in `value` of `unit`. */
export function expiryMs(value: number, unit: ExpiryUnit): number {
  return value * UNIT_MS[unit];
}
