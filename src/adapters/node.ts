/**
 * The node:http adapter: one request listener over the core (no msw matching, no router), the one place that reads,
 * frames and limits request bodies on a server. The standalone server answers vendor routes with it directly, and
 * the Express app of adapters/express.ts is a thin wrapper over it (the control plane, and createApp mounted in a
 * user's own Express app).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { PAGE_TOKEN_COOKIE, type CoreRequest, type CoreResponse, type RequestHandler } from '../core/http-types.js';
import { applicationError, MESSAGES } from '../core/errors.js';

/** A second handler mounted under a path prefix (the control plane), which also needs the client's address. */
export interface MountedHandler {
  readonly prefix: string;
  readonly maxBodyBytes: number;
  /** Refuses a client from the headers alone, before any body is read (undefined: read it and handle). */
  admit(request: CoreRequest, remoteAddress: string | undefined): CoreResponse | undefined;
  handle(request: CoreRequest, remoteAddress: string | undefined): Promise<CoreResponse>;
}

/** What reading a body gave: its text, or that it was too large, or that it never arrived whole. */
type BodyRead = { text: string | undefined; tooLarge: boolean; broken?: never } | { broken: true };

/** How much of a refused body the server still reads and drops, so the client reads the answer, not a reset. */
const DRAIN_BYTES = 16 * 1024 * 1024;
/** How long it waits for that before it closes the connection anyway. */
const DRAIN_MS = 2000;

/**
 * Reads the body as text, up to `limit` bytes. Past that it stops reading (the rest stays unread on the socket)
 * and reports `tooLarge` at once, without waiting for a body that may never end. A body that fails at the framing
 * level (a bad chunk, a client that closes before the end) is `broken`: the request is not acted on at all.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  // Mounted in a user's Express app after a body parser (express.json(), express.text(), express.raw()), the
  // stream was read already: take what the parser kept, as text, instead of waiting for an end that has passed.
  if (req.readableEnded) return Promise.resolve(parsedBody((req as { body?: unknown }).body, limit));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.pause();
      finish({ text: undefined, tooLarge: true });
    };
    const onEnd = (): void =>
      finish({ text: size === 0 ? undefined : Buffer.concat(chunks).toString('utf8'), tooLarge: false });
    const onError = (): void => finish({ broken: true });
    const onClose = (): void => {
      if (!req.complete) finish({ broken: true });
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The body a user's body parser left on `req.body`, as the text the fake reads (JSON re-encoded). */
function parsedBody(parsed: unknown, limit: number): BodyRead {
  let text: string | undefined;
  if (typeof parsed === 'string') text = parsed;
  else if (Buffer.isBuffer(parsed)) text = parsed.toString('utf8');
  else if (parsed !== undefined) text = JSON.stringify(parsed);
  if (text === '') text = undefined;
  const tooLarge = text !== undefined && Buffer.byteLength(text) > limit;
  return { text: tooLarge ? undefined : text, tooLarge };
}

/** A cookie's value from a Cookie header, decoded; undefined when absent or not decodable. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at === -1 || pair.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Sends a core response, or fails the connection for a network fault. */
function send(req: IncomingMessage, res: ServerResponse, response: CoreResponse): void {
  if (response.networkError) {
    const socket = req.socket;
    // resetAndDestroy needs a TCP handle: on a TLSSocket it throws ERR_INVALID_HANDLE_TYPE, so TLS just drops.
    // (Told apart by its `encrypted` flag, so a plain server need not load node:tls.)
    if (response.networkError === 'reset' && (socket as Partial<TLSSocket>).encrypted !== true)
      socket.resetAndDestroy();
    else socket.destroy();
    return;
  }
  if (response.stream) {
    res.writeHead(response.status, response.headers);
    res.flushHeaders();
    const unsubscribe = response.stream.subscribe({
      write: (chunk) => void res.write(chunk),
      pending: () => res.writableLength,
      close: () => res.destroy(),
    });
    res.once('close', unsubscribe);
    return;
  }
  const headers: Record<string, string | number> = { ...response.headers };
  if (response.body) headers['content-length'] = Buffer.byteLength(response.body);
  res.writeHead(response.status, headers);
  res.end(response.body ?? undefined);
}

/** A node:http request listener (what http.createServer and Express's app.use take). */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Creates the listener: a request is routed once, to `mounted` (the control plane) when its path is under the
 * mounted prefix, else to `fake`. A body may be as large as the handler that serves its path allows; past that
 * the listener answers without reading the rest and closes the connection.
 */
export function createListener(fake: RequestHandler, mounted?: MountedHandler): RequestListener {
  return (req, res) => {
    // Under Express, a sub-app mounted at a path sees req.url without that path; originalUrl keeps it whole.
    const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const query = url.indexOf('?');
    const request: CoreRequest = {
      method: req.method ?? 'GET',
      path: query === -1 ? url : url.slice(0, query),
      query: query === -1 ? undefined : url.slice(query + 1),
      controlToken: req.headers['x-fake-control-token'] as string | undefined,
      tenantName: req.headers['x-fake-tenant'] as string | undefined,
      cookieToken: cookieValue(req.headers.cookie, PAGE_TOKEN_COOKIE),
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      host: req.headers.host,
      origin: req.headers.origin,
      fetchSite: req.headers['sec-fetch-site'],
      bodyDeclared: Number(req.headers['content-length'] ?? '0') > 0 || req.headers['transfer-encoding'] !== undefined,
      body: undefined,
    };
    const control = mounted && request.path.startsWith(mounted.prefix) ? mounted : undefined;
    const limit = (control ?? fake).maxBodyBytes;
    const answer = (response: CoreResponse): void => send(req, res, response);
    // A body left unread is never buffered: once the answer is sent, the rest is read and dropped (up to
    // DRAIN_BYTES or DRAIN_MS, so a client still sending reads the answer instead of a reset), then the connection
    // closes.
    const closeAfterAnswer = (): void => {
      res.setHeader('connection', 'close');
      res.once('finish', () => {
        if (req.complete) return;
        let drained = 0;
        const stop = (): void => {
          clearTimeout(timer);
          req.socket.destroy();
        };
        const timer = setTimeout(stop, DRAIN_MS);
        req.on('data', (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > DRAIN_BYTES) stop();
        });
        req.once('end', () => clearTimeout(timer));
        req.once('error', stop);
        req.resume();
      });
    };
    const declared = Number(req.headers['content-length'] ?? '0');
    const handle = async (): Promise<void> => {
      // Decide, then read: a control request refused from its headers alone has nothing of its body read.
      const refused = control?.admit(request, req.socket.remoteAddress);
      if (refused) {
        if (request.bodyDeclared) closeAfterAnswer();
        answer(refused);
        return;
      }
      // A GET or HEAD carries no body the fake reads, but one it declares is still read to its end first: all or
      // nothing holds whatever the method.
      const readsBody = req.method !== 'GET' && req.method !== 'HEAD';
      if (declared > limit) {
        request.bodyTooLarge = true;
        closeAfterAnswer();
      } else if (readsBody || request.bodyDeclared) {
        const body = await readBody(req, limit);
        // All or nothing: a body that did not arrive whole means no request at all; nothing is acted on.
        if (body.broken) return void req.socket.destroy();
        if (readsBody) request.body = body.text;
        if (body.tooLarge) {
          request.bodyTooLarge = true;
          closeAfterAnswer();
        }
      }
      answer(await (control ? control.handle(request, req.socket.remoteAddress) : fake.handle(request)));
    };
    handle().catch((error: unknown) => {
      // A defect must neither crash the server nor leave the client hanging: answer 500, else drop the socket.
      try {
        answer(applicationError(500, MESSAGES.internalError, `fake defect: ${String(error)}`));
      } catch {
        req.socket.destroy();
      }
    });
  };
}

/** Answers requests Node's HTTP parser rejects (e.g. headers over the size limit) in the vendor's JSON shape. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const response = applicationError(status, status === 431 ? 'Request header fields are too large.' : 'Bad request.');
    const body = response.body ?? '';
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
