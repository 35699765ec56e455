// The dashboard at /__fake/ui: every action is a call to the control plane's own operations (/__fake/...), and
// every update arrives on its event stream (/__fake/events); the page never polls. Plain browser JavaScript with
// no dependencies, so it is served as it is, from the package, offline.

const CONTROL = '/__fake';
/** The most log rows the page keeps: a busy server answers thousands of requests a second. */
const MAX_ROWS = 500;
/** Wait this long after a change before reading users again, so a burst of calls costs one read. */
const USERS_DEBOUNCE_MS = 150;

const $ = (selector) => document.querySelector(selector);
const state = {
  tenants: [],
  tenant: undefined,
  entries: [],
  skipped: 0,
  selected: undefined,
  clock: undefined,
  clockReadAt: 0,
};

/** Builds an element: el('td', { class: 'x' }, 'text', child). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined && child !== null) node.append(child);
  return node;
}

function showError(error) {
  const box = $('#error');
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
}

/** Calls a control operation for the selected tenant (X-Fake-Tenant) and returns its JSON. */
async function api(method, path, body, tenant = state.tenant) {
  const headers = {};
  if (tenant) headers['x-fake-tenant'] = tenant;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${CONTROL}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = text === '' ? null : JSON.parse(text);
  if (!response.ok)
    throw new Error(json && json.description ? json.description : `${method} ${path}: ${response.status}`);
  $('#error').hidden = true;
  return json;
}

/** Runs a control action from a button or form, showing its refusal instead of failing silently. */
const act = (action) => async (event) => {
  event?.preventDefault?.();
  try {
    await action(event);
  } catch (error) {
    showError(error);
  }
};

const shortId = (id) => (id ? `${id.slice(0, 8)}…` : '');
const tenantName = (accessId) => {
  const tenant = state.tenants.find((t) => t.accessId === accessId);
  return tenant ? (tenant.isDefault ? 'default' : tenant.customerName) : shortId(accessId);
};
/** The request target as sent: the path and, when there was one, its query string. */
const target = (entry) => (entry.query === undefined ? entry.path : `${entry.path}?${entry.query}`);
const timeOf = (iso) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

// ---- tenants, scenario, clock, settings, throttle, faults, users: the selected tenant's world ----

async function loadTenants() {
  state.tenants = await api('GET', '/tenants', undefined, null);
  if (!state.tenants.some((t) => t.accessId === state.tenant)) state.tenant = state.tenants[0]?.accessId;
  const picker = $('#tenant');
  const filter = $('#filter-tenant');
  const keep = filter.value;
  picker.replaceChildren(
    ...state.tenants.map((t) =>
      el(
        'option',
        { value: t.accessId, selected: t.accessId === state.tenant },
        `${tenantName(t.accessId)} (${shortId(t.accessId)})`,
      ),
    ),
  );
  filter.replaceChildren(
    el('option', { value: '' }, 'all'),
    ...state.tenants.map((t) => el('option', { value: t.accessId }, tenantName(t.accessId))),
  );
  filter.value = keep;
}

async function loadScenarios() {
  const [list, current] = await Promise.all([api('GET', '/scenarios'), api('GET', '/scenario')]);
  $('#scenario-now').textContent = `scenario ${current.name}`;
  $('#scenarios').replaceChildren(
    ...list.map((scenario) =>
      el(
        'button',
        {
          type: 'button',
          title: scenario.description,
          'aria-pressed': scenario.name === current.name ? 'true' : 'false',
          onclick: act(async () => {
            await api('PUT', '/scenario', { name: scenario.name });
          }),
        },
        scenario.name,
      ),
    ),
  );
}

function renderClock() {
  if (!state.clock) return;
  const elapsed = state.clock.frozen ? 0 : Date.now() - state.clockReadAt;
  $('#clock-now').textContent = timeOf(new Date(Date.parse(state.clock.now) + elapsed).toISOString());
}

async function loadClock() {
  state.clock = await api('GET', '/clock');
  state.clockReadAt = Date.now();
  $('#clock-frozen').textContent = state.clock.frozen ? '(frozen)' : '(running)';
  $('#clock-freeze').textContent = state.clock.frozen ? 'Unfreeze' : 'Freeze';
  renderClock();
}

async function loadSettings() {
  const settings = await api('GET', '/settings');
  const form = $('#settings');
  for (const [name, value] of Object.entries(settings)) {
    const input = form.elements.namedItem(name);
    if (!input) continue;
    if (input.type === 'checkbox') input.checked = value;
    else input.value = String(value);
  }
}

async function loadThrottle() {
  const throttle = await api('GET', '/throttle');
  const form = $('#throttle');
  form.elements.namedItem('requestsPerSecond').value = String(throttle.requestsPerSecond);
  form.elements.namedItem('burst').value = String(throttle.burst);
}

function describeFault(fault) {
  const parts = [fault.operationId];
  if (fault.status !== undefined) parts.push(`status ${fault.status}`);
  if (fault.networkError !== undefined) parts.push(`network ${fault.networkError}`);
  if (fault.latencyMs !== undefined) parts.push(`latency ${[].concat(fault.latencyMs).join('-')} ms`);
  if (fault.times !== undefined) parts.push(`${fault.times}x`);
  if (fault.everyNth !== undefined) parts.push(`every ${fault.everyNth}th`);
  return parts.join(', ');
}

async function loadFaults() {
  const faults = await api('GET', '/faults');
  $('#faults').replaceChildren(
    ...(faults.length === 0
      ? [el('li', { class: 'muted' }, 'none')]
      : faults.map((fault, index) =>
          el(
            'li',
            {},
            describeFault(fault),
            ' ',
            el(
              'button',
              {
                type: 'button',
                'aria-label': `Remove fault ${describeFault(fault)}`,
                onclick: act(() => api('DELETE', `/faults/${index}`)),
              },
              'Remove',
            ),
          ),
        )),
  );
}

async function loadUsers() {
  const page = await api('GET', '/users?limit=200');
  $('#users-total').textContent =
    page.total > page.users.length ? `(first ${page.users.length} of ${page.total})` : `(${page.total})`;
  $('#users').replaceChildren(
    ...page.users.map((user) =>
      el(
        'tr',
        {},
        el('td', {}, user.emailAddress),
        el('td', {}, user.userStatus),
        el(
          'td',
          { class: `eac-${String(user.emergencyAccessStatus).toLowerCase()}` },
          String(user.emergencyAccessStatus),
        ),
        el('td', { title: user.emergencyTokencodeId ?? '' }, shortId(user.emergencyTokencodeId)),
        el('td', {}, user.emergencyTokencodeExpiration ?? ''),
        el('td', {}, user.offlineEmergencyTokencodeExpiration ?? ''),
      ),
    ),
  );
}

let usersTimer;
/** Reads users again soon: a burst of changes costs one read. */
function usersChanged() {
  clearTimeout(usersTimer);
  usersTimer = setTimeout(act(loadUsers), USERS_DEBOUNCE_MS);
}

/** What to read again after a control operation changed the selected tenant. */
const RELOAD = {
  // A new scenario rebuilds the world and empties the journal, as a reset does.
  useScenario: () =>
    Promise.all([loadScenarios(), loadSettings(), loadThrottle(), loadFaults(), loadUsers(), loadClock(), loadLog()]),
  reset: () =>
    Promise.all([loadScenarios(), loadSettings(), loadThrottle(), loadFaults(), loadUsers(), loadClock(), loadLog()]),
  importState: () =>
    Promise.all([loadScenarios(), loadSettings(), loadThrottle(), loadFaults(), loadUsers(), loadClock()]),
  setClock: () => Promise.all([loadClock(), loadUsers()]),
  advanceClock: () => Promise.all([loadClock(), loadUsers()]),
  updateSettings: loadSettings,
  setThrottle: loadThrottle,
  addFault: loadFaults,
  removeFault: loadFaults,
  clearFaults: loadFaults,
  clearJournal: () => loadLog(),
  createTenant: loadTenants,
  deleteTenant: () => loadTenants().then(loadLog),
};

async function loadTenantWorld() {
  await Promise.all([loadScenarios(), loadClock(), loadSettings(), loadThrottle(), loadFaults(), loadUsers()]);
}

// ---- the request log ----

function matchesFilters(entry) {
  const form = $('#filters');
  const operationId = form.elements.namedItem('operationId').value;
  const status = form.elements.namedItem('status').value.trim();
  const tenant = form.elements.namedItem('tenant').value;
  if (operationId !== '' && entry.operationId !== operationId) return false;
  if (status !== '' && String(entry.status) !== status) return false;
  if (tenant !== '' && entry.tenant !== tenant) return false;
  return true;
}

function logRow(entry) {
  return el(
    'tr',
    {
      'data-key': `${entry.tenant}/${entry.seq}`,
      class: entry.status >= 400 || entry.status === 0 ? 'failed' : undefined,
    },
    el('td', {}, String(entry.seq)),
    el('td', { title: entry.time }, timeOf(entry.time).slice(5)), // the year is the same on every row
    el('td', {}, tenantName(entry.tenant)),
    el('td', {}, entry.operationId ?? '(no route)'),
    el('td', {}, entry.method),
    el('td', { class: 'path', title: target(entry) }, target(entry).replace(/^\/AdminInterface\/restapi/, '')),
    el('td', { class: 'status' }, String(entry.status)),
    el('td', {}, entry.durationMs.toFixed(1)),
    el(
      'td',
      {},
      el(
        'button',
        { type: 'button', 'aria-label': `Why ${entry.status} for request ${entry.seq}`, onclick: () => select(entry) },
        'Why',
      ),
    ),
  );
}

let renderQueued = false;
function renderLog() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    const shown = state.entries.filter(matchesFilters).slice(-MAX_ROWS).reverse();
    $('#log').replaceChildren(...shown.map(logRow));
    $('#skipped').textContent = state.skipped > 0 ? `(${state.skipped} not streamed; the journal has them)` : '';
  });
}

function addEntry(entry) {
  state.entries.push(entry);
  if (state.entries.length > MAX_ROWS * 2) state.entries.splice(0, state.entries.length - MAX_ROWS);
  renderLog();
}

/** Reads every tenant's journal again (on start, after a reconnection, a clear or a reset). */
async function loadLog() {
  const journals = await Promise.all(state.tenants.map((t) => api('GET', '/journal', undefined, t.accessId)));
  state.entries = journals
    .flat()
    .sort((a, b) => a.time.localeCompare(b.time) || a.seq - b.seq)
    .slice(-MAX_ROWS);
  state.skipped = 0;
  renderLog();
}

const quote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;
const bodyText = (body) =>
  body === null || body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);

/** The request as a curl command; the token is the caller's own (journals keep no Authorization header). */
function curlOf(entry) {
  const parts = [
    `curl -X ${entry.method} ${quote(location.origin + target(entry))}`,
    `-H "Authorization: Bearer $TOKEN"`,
  ];
  const body = bodyText(entry.requestBody);
  if (body !== undefined) parts.push(`-H 'Content-Type: application/json'`, `--data-raw ${quote(body)}`);
  return parts.join(' \\\n  ');
}

function traceLines(entry) {
  const t = entry.trace;
  const lines = [['scenario', t.scenario]];
  lines.push(['route', t.route.matched ? `matched ${entry.operationId}` : `no route: ${t.route.reason}`]);
  if (t.token) lines.push(['token', t.token.verdict === 'accepted' ? 'accepted' : `refused: ${t.token.reason}`]);
  if (t.throttle) {
    const fmt = (n) => (n === null ? 'off' : n.toFixed(2));
    lines.push([
      'throttle',
      `${t.throttle.allowed ? 'allowed' : 'refused'}; bucket ${fmt(t.throttle.before)} → ${fmt(t.throttle.after)} (${t.throttle.limit.requestsPerSecond}/s, burst ${t.throttle.limit.burst})`,
    ]);
  }
  lines.push(['fault', t.fault ?? 'none']);
  if (t.validation) lines.push(['validation', t.validation.ok ? 'passed' : `failed: ${t.validation.reason}`]);
  lines.push(['changed', t.changed.length === 0 ? 'nothing' : t.changed.join('; ')]);
  return lines;
}

function select(entry) {
  state.selected = entry;
  const curl = curlOf(entry);
  $('#trace').replaceChildren(
    el(
      'p',
      {},
      el('strong', {}, `#${entry.seq} ${entry.method} ${entry.operationId ?? '(no route)'} → ${entry.status}`),
    ),
    el(
      'dl',
      { 'aria-label': 'Why this response' },
      ...traceLines(entry).flatMap(([term, text]) => [el('dt', {}, term), el('dd', {}, text)]),
    ),
    el('h3', {}, 'Response body'),
    el('pre', {}, entry.responseBody === null ? '(empty)' : JSON.stringify(entry.responseBody, null, 2)),
    el('h3', {}, 'cURL'),
    el('pre', { 'aria-label': 'cURL command' }, curl),
    el(
      'button',
      {
        type: 'button',
        onclick: act(async (event) => {
          await navigator.clipboard.writeText(curl);
          event.target.textContent = 'Copied';
        }),
      },
      'Copy as cURL',
    ),
  );
}

/** The shown entries as a HAR 1.2 file (request headers are not journaled, so they are left out). */
function harOf(entries) {
  const content = (body) => {
    const text = bodyText(body);
    return text === undefined
      ? { size: 0, mimeType: 'application/json' }
      : { size: text.length, mimeType: 'application/json', text };
  };
  return {
    log: {
      version: '1.2',
      creator: { name: 'cloud-admin-fake', version: '1' },
      entries: entries.map((entry) => {
        const request = bodyText(entry.requestBody);
        return {
          startedDateTime: entry.time,
          time: entry.durationMs,
          request: {
            method: entry.method,
            url: location.origin + target(entry),
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: [],
            queryString: [...new URLSearchParams(entry.query ?? '')].map(([name, value]) => ({ name, value })),
            ...(request !== undefined && { postData: { mimeType: 'application/json', text: request } }),
            headersSize: -1,
            bodySize: request === undefined ? 0 : request.length,
          },
          response: {
            status: entry.status,
            statusText: '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: [],
            content: content(entry.responseBody),
            redirectURL: '',
            headersSize: -1,
            bodySize: content(entry.responseBody).size,
          },
          cache: {},
          timings: { send: 0, wait: entry.durationMs, receive: 0 },
          comment: JSON.stringify(entry.trace),
        };
      }),
    },
  };
}

function exportHar() {
  const blob = new Blob([JSON.stringify(harOf(state.entries.filter(matchesFilters)), null, 2)], {
    type: 'application/json',
  });
  const link = el('a', { href: URL.createObjectURL(blob), download: 'cloud-admin-fake.har' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// ---- the event stream ----

function connect() {
  const stream = new EventSource(`${CONTROL}/events`);
  const status = $('#stream');
  stream.addEventListener(
    'open',
    act(async () => {
      status.textContent = 'live';
      status.dataset.state = 'live';
      await loadLog(); // anything answered while the stream was down
    }),
  );
  stream.addEventListener('error', () => {
    status.textContent = 'reconnecting';
    status.dataset.state = 'down';
  });
  stream.addEventListener('entry', (event) => {
    const entry = JSON.parse(event.data);
    addEntry(entry);
    if (entry.tenant === state.tenant && entry.trace.changed.length > 0) usersChanged();
  });
  stream.addEventListener('skipped', (event) => {
    state.skipped += JSON.parse(event.data).count;
    renderLog();
  });
  stream.addEventListener(
    'change',
    act(async (event) => {
      const change = JSON.parse(event.data);
      // The log shows every tenant's entries: a change to the tenant list or to any journal reloads it.
      if (change.what === 'createTenant' || change.what === 'deleteTenant' || change.what === 'clearJournal')
        return RELOAD[change.what]();
      if (change.tenant !== state.tenant) return;
      await RELOAD[change.what]?.();
    }),
  );
}

// ---- wiring ----

async function start() {
  // Opened as /__fake/ui?token=... (a server that wants its control token): the cookie now holds it, so the
  // address bar need not.
  if (new URLSearchParams(location.search).has('token')) history.replaceState(null, '', location.pathname);
  const contract = await api('GET', '/openapi.json', undefined, null);
  const operationIds = Object.values(contract.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  $('#filter-operation').replaceChildren(
    el('option', { value: '' }, 'all'),
    ...operationIds.map((id) => el('option', {}, id)),
  );
  $('#fault-operation').replaceChildren(el('option', {}, '*'), ...operationIds.map((id) => el('option', {}, id)));

  $('#tenant').addEventListener(
    'change',
    act(async (event) => {
      state.tenant = event.target.value;
      await loadTenantWorld();
    }),
  );
  $('#reset').addEventListener(
    'click',
    act(() => api('POST', '/reset')),
  );
  for (const button of document.querySelectorAll('[data-advance]')) {
    button.addEventListener(
      'click',
      act(() => api('POST', '/clock/advance', { ms: Number(button.dataset.advance) })),
    );
  }
  $('#clock-freeze').addEventListener(
    'click',
    act(() => api('PUT', '/clock', { frozen: !state.clock.frozen })),
  );
  $('#clock-set').addEventListener(
    'submit',
    act(async (event) => {
      const local = event.target.elements.namedItem('now').value;
      await api('PUT', '/clock', { now: new Date(`${local}Z`).toISOString() });
    }),
  );
  $('#settings').addEventListener(
    'submit',
    act(async (event) => {
      const form = event.target.elements;
      await api('PATCH', '/settings', {
        expiryValue: Number(form.namedItem('expiryValue').value),
        expiryUnit: form.namedItem('expiryUnit').value,
        codeLength: Number(form.namedItem('codeLength').value),
        codeCharset: form.namedItem('codeCharset').value,
        oneTimeUse: form.namedItem('oneTimeUse').checked,
        locked: form.namedItem('locked').checked,
      });
    }),
  );
  $('#throttle').addEventListener(
    'submit',
    act(async (event) => {
      const form = event.target.elements;
      await api('PUT', '/throttle', {
        requestsPerSecond: Number(form.namedItem('requestsPerSecond').value),
        burst: Number(form.namedItem('burst').value),
      });
    }),
  );
  $('#fault-add').addEventListener(
    'submit',
    act(async (event) => {
      const form = event.target.elements;
      const fault = { operationId: form.namedItem('operationId').value };
      for (const name of ['status', 'latencyMs', 'times']) {
        const value = form.namedItem(name).value;
        if (value !== '') fault[name] = Number(value);
      }
      if (form.namedItem('networkError').value !== '') fault.networkError = form.namedItem('networkError').value;
      await api('POST', '/faults', fault);
    }),
  );
  $('#filters').addEventListener('input', renderLog);
  $('#clear').addEventListener(
    'click',
    act(async () => {
      const tenant = $('#filter-tenant').value;
      const targets = tenant === '' ? state.tenants.map((t) => t.accessId) : [tenant];
      await Promise.all(targets.map((accessId) => api('DELETE', '/journal', undefined, accessId)));
    }),
  );
  $('#har').addEventListener('click', exportHar);
  setInterval(renderClock, 1000); // the local display of a running clock, not a server read

  await loadTenants();
  await loadTenantWorld();
  connect();
}

start().catch(showError);
