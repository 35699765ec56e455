/** Scenario files on disk (Node only): read, validated and named by their path. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioError, validateScenario, type Scenario } from '../domain/scenario.js';

/** Reads and validates one scenario file. */
export function loadScenarioFile(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`Failed to load scenario ${path}: ${(error as Error).message}.`);
  }
  return validateScenario(raw, path);
}

/** Reads every `*.json` scenario in a folder (the schema file excepted). */
export function loadScenarioDir(dir: string): Scenario[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new ScenarioError(`Failed to read scenarios from ${dir}: ${(error as Error).message}.`);
  }
  return names
    .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
    .sort()
    .map((name) => loadScenarioFile(join(dir, name)));
}
