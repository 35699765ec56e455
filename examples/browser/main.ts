/**
 * A help desk in the browser: its client calls the vendor API, and cloud-admin-fake answers under msw's setupWorker.
 * Built by `npm run example:browser` (scripts/build-browser-example.mjs) into examples/browser/build/.
 */
import { setupWorker } from 'msw/browser';
import { createFake } from 'cloud-admin-fake';

const fake = createFake({ scenario: 'default', seed: 1 });
const worker = setupWorker(...fake.handlers);

const element = (id: string): HTMLElement => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`Failed to find #${id} in the page.`);
  return found;
};
const field = (form: string, name: string): unknown => (element(form) as HTMLFormElement).elements.namedItem(name);
const email = (): string => (field('user', 'email') as HTMLInputElement).value;
const scenarioSelect = (): HTMLSelectElement => field('scenario', 'scenario') as HTMLSelectElement;

/** What the help desk last saw: the user's id and the code's id, for the next call. */
let userId: string | undefined;
let codeId: string | undefined;

/** Shows one response in the list: the call, its status and its body. */
function show(call: string, status: number | string, body: string): void {
  const item = document.createElement('li');
  const title = document.createElement('strong');
  title.textContent = `${call}: ${status}`;
  const pre = document.createElement('pre');
  pre.textContent = body;
  item.append(title, pre);
  element('responses').append(item);
}

/** The help desk's client: a signed call to the vendor API, exactly as to the real tenant. */
async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown> | undefined> {
  const response = await fetch(`${fake.apiKey.adminRestApiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await fake.token()}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  show(`${method} ${path}`, response.status, text);
  return response.ok && text !== '' ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}

const actions: Record<string, () => Promise<void>> = {
  lookup: async () => {
    const user = await call('POST', 'v1/users/lookup', { email: email() });
    userId = typeof user?.id === 'string' ? user.id : undefined;
  },
  enable: async () => {
    const code = await call('PUT', `v1/users/${userId ?? 'unknown'}/emergencyTokencode`, { expirationDays: 3 });
    codeId = typeof code?.emergencyTokencodeId === 'string' ? code.emergencyTokencodeId : codeId;
  },
  disable: async () => {
    await call('DELETE', `v1/users/${userId ?? 'unknown'}/emergencyTokencode/${codeId ?? 'unknown'}`);
  },
  switch: () => {
    // The fake's own API, in the page: the next calls see the other world.
    const name = scenarioSelect().value;
    fake.useScenario(name as Parameters<typeof fake.useScenario>[0]);
    show(`fake.useScenario('${name}')`, 'done', JSON.stringify({ scenario: fake.scenario() }));
    return Promise.resolve();
  },
  token: async () => {
    (element('token-out') as HTMLOutputElement).value = await fake.token();
  },
};

for (const { name, description } of fake.listScenarios()) {
  const option = document.createElement('option');
  option.value = name;
  option.textContent = name;
  option.title = description;
  scenarioSelect().append(option);
}
// Requests to the page's own origin (its script, the worker) are not the fake's: they go to the network.
await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: './mockServiceWorker.js' } });
for (const [id, action] of Object.entries(actions)) {
  const button = element(id) as HTMLButtonElement;
  button.addEventListener('click', () => {
    void action().catch((error: unknown) => {
      show(id, 'failed', String(error));
    });
  });
  button.disabled = false;
}
element('status').textContent = `Ready: the fake answers ${fake.baseUrl} in this page.`;
