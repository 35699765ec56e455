/** A company's Emergency Access Code settings: defaults, code format, the lock, and the rule they obey. */
import type { components as vendor } from '../generated/cloud-admin.js';
import type { components } from '../generated/control-plane.js';
import { loadControlContract } from '../core/contract.js';
import { explainSchemaFailure } from '../core/schema-failure.js';
import type { Validator } from '../core/validate.js';

/** The unit of an expiry, as the vendor spells it. */
export type ExpiryUnit = vendor['schemas']['ExpiryUnit'];

/**
 * What Company Settings hold for Emergency Access Codes: the control-plane contract's `EacSettings` (a default
 * expiry, applied when a request omits it and always when locked; default one-time use; the lock; the code format).
 */
export type EacSettings = components['schemas']['EacSettings'];

/** Some of the settings, as a patch or a scenario gives them (the contract's `EacSettingsFields`). */
export type EacSettingsChanges = components['schemas']['EacSettingsFields'];

/** The characters a code is drawn from. */
export type CodeCharset = EacSettings['codeCharset'];

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

/** Which field of settings is wrong, and why (the sentence goes on after the field's name). */
export interface SettingsProblem {
  field: string;
  reason: string;
}

let settingsValidator: Validator | undefined;

/**
 * Why complete settings are not valid `EacSettings` of the control-plane contract, or undefined when they are.
 * That schema holds the vendor's expiry rule (1 minute to 7 days), which needs the unit and the value together, so
 * it is checked here on the settings a patch or a scenario makes with the rest; `changes` names the field to blame.
 */
export function settingsProblem(
  settings: EacSettings,
  changes: EacSettingsChanges = settings,
): SettingsProblem | undefined {
  const { expiryValue, expiryUnit } = settings;
  const contract = loadControlContract();
  settingsValidator ??= contract.compiler.compile('/components/schemas/EacSettings');
  if (settingsValidator(settings)) return undefined;
  const failure = explainSchemaFailure(settingsValidator.errors, { rules: contract.spec });
  if (failure.rule !== undefined) {
    const field = changes.expiryValue === undefined && changes.expiryUnit !== undefined ? 'expiryUnit' : 'expiryValue';
    return { field, reason: `gives an expiry of ${expiryValue} ${expiryUnit}, which ${failure.text}` };
  }
  return { field: failure.instancePath.slice(1), reason: failure.text };
}
