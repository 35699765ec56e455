/** Starts the standalone fake: HTTP or HTTPS, a key file created or loaded, and the control plane. */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiKeyFile } from '../core/api-key.js';
import { loadContract, loadControlContract } from '../core/contract.js';
import { CONTROL_PLANE_BASE_PATH } from '../generated/contracts.js';
import { adminRestApiUrlFor, type FakeOptions } from '../domain/tenant-registry.js';
import { FakeCore } from '../cloud-admin/fake-core.js';
import type { ControlPlaneOptions } from '../control-plane/pipeline.js';
import { hostNameOf, isLoopbackAddress, LOOPBACK_NAMES } from '../control-plane/guard.js';
import { answerClientErrors, createListener, type RequestListener } from '../adapters/node.js';
import { fileExists, keyFileProblem, readApiKeyFile, writeApiKeyFile } from './key-file.js';
import type { Certificate } from './tls.js';

/** Options of the standalone server. */
export interface ServerOptions extends Omit<FakeOptions, 'baseUrl' | 'apiKey'> {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Address to bind. Default 127.0.0.1. */
  host?: string;
  /**
   * Where the key file is: loaded if present, written (pointing at this server) if not. `{port}` in it is replaced
   * by the port the server listens on, so servers in one folder keep a key file each.
   */
  keyFile?: string;
  /** Serve HTTPS with a self-signed certificate written next to the key file. */
  tls?: boolean;
  /** Token the control plane requires when the server binds a non-loopback address. */
  controlToken?: string;
  /** More host names the control plane answers to (besides the bound address and the loopback names). */
  allowHosts?: string[];
  /** Most connections at once; past it new ones are refused. Default 1024 (DEFAULT_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** Receives one line per answered request (time, method, path, operationId, status, duration, reason). */
  log?: (line: string) => void;
}

/** The operationId a path names in either contract, or `-`. */
function operationIdOf(method: string, path: string): string {
  for (const contract of [loadContract(), loadControlContract()]) {
    const match = contract.route(method, path);
    if ('route' in match) return match.route.operation.operationId;
  }
  return '-';
}

/** Logs a request once its answer is sent (or the connection failed): one line a CI log can grep. */
function logRequest(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  const started = performance.now();
  const time = new Date().toISOString();
  // The adapter passes its headers to writeHead, where getHeader cannot see them: read the reason on the way.
  let reason: unknown;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = (...args: unknown[]) => {
    const headers = args.find((arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null);
    reason = headers?.['x-fake-reason'] ?? res.getHeader('x-fake-reason');
    return writeHead(...args);
  };
  res.once('close', () => {
    const method = req.method ?? '-';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const status = res.headersSent ? String(res.statusCode) : '0';
    const duration = `${(performance.now() - started).toFixed(1)}ms`;
    log(
      `${time} ${method} ${path} ${operationIdOf(method, path)} ${status} ${duration} ${typeof reason === 'string' ? reason : '-'}`,
    );
  });
}

/** Default cap on open connections: far more than a test suite opens, few enough to bound memory. */
export const DEFAULT_MAX_CONNECTIONS = 1024;

/** A running standalone fake. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8080` */
  url: string;
  fake: FakeCore;
  apiKey: ApiKeyFile;
  server: Server;
  /** The certificate, with --tls. */
  certificate?: Certificate;
  /** Lines worth printing at start. */
  notes: string[];
  close(): Promise<void>;
}

/** What a listening server is given once the fake behind it is made. */
interface Configured {
  url: string;
  fake: FakeCore;
  app: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Starts the standalone fake and resolves once it listens.
 * @example const { url, apiKey, close } = await startServer({ port: 0, scenario: 'eac-locked' });
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const notes: string[] = [];
  // Set once the fake is configured; requests before that (there are none: nobody knows the port yet) go unanswered.
  let listener: ((req: IncomingMessage, res: ServerResponse) => void) | undefined = undefined;
  const { log } = options;
  const route = (req: IncomingMessage, res: ServerResponse): void => {
    if (log) logRequest(req, res, log);
    listener?.(req, res);
  };
  let server: Server;
  let certificate: Certificate | undefined;
  if (options.tls) {
    // node:https (with node:tls under it) and the certificate code load only with --tls: a plain start skips them.
    const [{ loadOrCreateCertificate }, { createServer: createHttpsServer }] = await Promise.all([
      import('./tls.js'),
      import('node:https'),
    ]);
    certificate = await loadOrCreateCertificate(options.keyFile, host);
    server = createHttpsServer({ key: certificate.key, cert: certificate.cert, maxHeaderSize: 65536 }, route);
  } else server = createHttpServer({ maxHeaderSize: 65536 }, route);
  answerClientErrors(server);
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => resolve());
  });
  let configured: Configured;
  try {
    configured = configure(options, host, (server.address() as AddressInfo).port, certificate, notes);
  } catch (error) {
    // Bad options (an unknown scenario, a key file that cannot be read or written) must reject without leaving
    // the port listening.
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    throw error;
  }
  listener = configured.app;
  const { url, fake } = configured;
  return {
    url,
    fake,
    apiKey: fake.apiKey,
    server,
    ...(certificate && { certificate }),
    notes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Everything after listen: the URL, the key file, the fake and the app; throws for bad options. */
function configure(
  options: ServerOptions,
  host: string,
  port: number,
  certificate: Certificate | undefined,
  notes: string[],
): Configured {
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `${certificate ? 'https' : 'http'}://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${port}`;
  const adminRestApiUrl = adminRestApiUrlFor(url);
  const keyFile = options.keyFile?.replace('{port}', String(port));

  let apiKey: ApiKeyFile | undefined;
  let rewrite = false;
  if (keyFile && fileExists(keyFile)) {
    apiKey = readApiKeyFile(keyFile);
    // Checked before anything is written: a key that cannot sign RS256 would refuse every token as a bad signature.
    const problem = keyFileProblem(apiKey);
    if (problem) throw new Error(`Failed to load key file ${keyFile}: ${problem}.`);
    rewrite = apiKey.adminRestApiUrl !== adminRestApiUrl;
    if (rewrite) apiKey = { ...apiKey, adminRestApiUrl };
  }
  // The fake is made before the key file is touched, so a start that fails leaves the file as it was.
  const fake = new FakeCore({ ...options, baseUrl: url, ...(apiKey && { apiKey }) });
  if (keyFile && apiKey) {
    if (rewrite) writeApiKeyFile(keyFile, apiKey);
    notes.push(
      rewrite ? `key file ${keyFile}: adminRestApiUrl updated to ${adminRestApiUrl}` : `key file ${keyFile} (loaded)`,
    );
  }
  if (keyFile && !apiKey) {
    writeApiKeyFile(keyFile, fake.apiKey);
    notes.push(`key file ${keyFile} (created)`);
  }
  if (certificate)
    notes.push(
      `TLS certificate ${certificate.certPath} (trust it: NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE or curl --cacert)`,
    );

  const loopbackOnly = isLoopbackAddress(host);
  if (!loopbackOnly && !options.controlToken) {
    notes.push(
      'control plane /__fake/ disabled: the server binds a non-loopback address and no --control-token was given',
    );
  } else if (!loopbackOnly) {
    notes.push('control plane /__fake/ requires the header X-Fake-Control-Token');
  } else {
    notes.push(
      `control plane /__fake/ answers loopback clients only${options.controlToken ? ', with the header X-Fake-Control-Token' : ''}`,
    );
  }
  if (loopbackOnly || options.controlToken)
    notes.push(`dashboard ${url}/__fake/ui`, `API reference ${url}/__fake/docs`);
  const hosts = new Set([...LOOPBACK_NAMES, hostNameOf(urlHost), ...(options.allowHosts ?? []).map(hostNameOf)]);
  return { url, fake, app: serverListener(fake, { loopbackOnly, token: options.controlToken, hosts, port }) };
}

/**
 * The server's listener: vendor routes are answered by the node:http listener directly (Express's per-request
 * machinery would cost about three times node:http's own); paths under the control plane's prefix go to the Express
 * app, which wraps the same listener, so body reading, framing and limits are one implementation for both. The
 * control plane and Express are loaded on the first control request (its handlers, pages, pact export and Express
 * cost about a third of a start); until then a control request waits for them, unread.
 */
function serverListener(fake: FakeCore, controlOptions: ControlPlaneOptions): RequestListener {
  const vendor = createListener(fake);
  // The base path from the generated module: parsing the control plane's contract waits for its first request.
  const prefix = `${CONTROL_PLANE_BASE_PATH}/`;
  let app: Promise<RequestListener> | undefined;
  return (req, res) => {
    if (!(req.url ?? '/').startsWith(prefix)) {
      vendor(req, res);
      return;
    }
    app ??= Promise.all([import('../control-plane/pipeline.js'), import('../adapters/express.js')]).then(
      ([{ createControlPlane }, { createApp }]) => createApp(fake, createControlPlane(fake, controlOptions)),
    );
    app.then(
      (listener) => listener(req, res),
      () => req.socket.destroy(),
    );
  };
}
