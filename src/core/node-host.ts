/**
 * Node's built-ins and module loader, reached without importing a Node built-in: the in-process path bundles for the
 * browser, where the "browser" map of package.json swaps each loader that uses this for one that imports statically.
 * The loaders use it to load a dependency on first use instead of at import; Node's require of ES modules (Node
 * 20.19 and later) loads ESM packages too, from the same module cache `import` uses.
 */

/** A Node built-in by id (e.g. 'node:crypto'), or undefined outside Node. */
export function nodeBuiltin(id: string): unknown {
  const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  return host.process?.getBuiltinModule?.(id);
}

/** A module loader relative to `base` (a loader's import.meta.url); throws naming `what` outside Node. */
export function nodeLoader(base: string, what: string): NodeJS.Require {
  const nodeModule = nodeBuiltin('node:module') as typeof import('node:module') | undefined;
  if (!nodeModule)
    throw new Error(`Failed to load ${what}: this build of cloud-admin-fake is for Node; bundle it for the browser.`);
  return nodeModule.createRequire(base);
}
