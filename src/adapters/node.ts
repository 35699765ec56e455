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

/** What reading a body gave: its text, or that it was too large. */
interface BodyRead {
  text: string | undefined;
  tooLarge: boolean;
}

/** How much of a refused body the server still reads and drops, so the client reads the answer, not a reset. */
const DRAIN_BYTES = 16 * 1024 * 1024;
/** How long it waits for that before it closes the connection anyway. */
const DRAIN_MS = 2000;

/**
 * Reads the body as text, up to `limit` bytes, and calls `done` once with what it gave. Past the limit it stops
 * reading (the rest stays unread on the socket) and reports `tooLarge` at once, without waiting for a body that may
 * never end. A body that fails at the framing level (a bad chunk, a client that closes before the end) never ends,
 * so `done` is never called and the request is not acted on at all: Node's parser answers a bad chunk with a 400 and
 * closes the connection (answerClientErrors), and a client that went away has closed it. So no 'error' or 'close'
 * listener is needed (an IncomingMessage emits 'error' only to listeners it has). A callback, not a promise, and
 * listeners left on the spent request rather than removed: this runs on every request of the hot path, and each of
 * these costs more there than the rest of the read.
 */
function readBody(req: IncomingMessage, limit: number, done: (result: BodyRead) => void): void {
  // Mounted in a user's Express app after a body parser (express.json(), express.text(), express.raw()), the
  // stream was read already: take what the parser kept, as text, instead of waiting for an end that has passed.
  if (req.readableEnded) {
    done(parsedBody((req as { body?: unknown }).body, limit));
    return;
  }
  let first: Buffer | undefined;
  let rest: Buffer[] | undefined;
  let size = 0;
  let finished = false;
  const finish = (result: BodyRead): void => {
    if (finished) return;
    finished = true;
    first = rest = undefined;
    done(result);
  };
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > limit) {
      req.pause();
      finish({ text: undefined, tooLarge: true });
      return;
    }
    if (first === undefined) first = chunk;
    else (rest ??= [first]).push(chunk);
  });
  req.on('end', () => {
    // Most bodies arrive as one chunk: decoded as it is, without a copy into a new buffer.
    const whole = rest ? Buffer.concat(rest) : first;
    finish({ text: whole === undefined || size === 0 ? undefined : whole.toString('utf8'), tooLarge: false });
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
  // The core builds each response for its request: its headers are completed in place, not copied.
  const headers: Record<string, string | number> = response.headers;
  if (response.body) headers['content-length'] = Buffer.byteLength(response.body);
  // A handler of a user's own may reuse one headers object: no length left over from an answer that had a body.
  else if ('content-length' in headers) delete headers['content-length'];
  res.writeHead(response.status, headers);
  res.end(response.body ?? undefined);
}

/** A node:http request listener (what http.createServer and Express's app.use take). */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Sets the connection to close once the answer is sent. A body left unread is never buffered: once the answer is
 * sent, the rest is read and dropped (up to DRAIN_BYTES or DRAIN_MS, so a client still sending reads the answer
 * instead of a reset), then the connection closes.
 */
function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
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
}

/** A defect must neither crash the server nor leave the client hanging: answer 500, else drop the socket. */
function answerDefect(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  try {
    send(req, res, applicationError(500, MESSAGES.internalError, `fake defect: ${String(error)}`));
  } catch {
    req.socket.destroy();
  }
}

/** Sends what a handler resolved to; a response that cannot be sent is a defect. */
function answer(req: IncomingMessage, res: ServerResponse, response: CoreResponse): void {
  try {
    send(req, res, response);
  } catch (error) {
    answerDefect(req, res, error);
  }
}

/**
 * Responses decided at once, waiting to be sent together at the end of the event loop's turn (setImmediate), after
 * the I/O callbacks of that turn have run: flat, three entries per response. Under load a turn reads requests from
 * many connections; sent one by one as each is decided, every response's write went through the kernel's loopback
 * work and woke the client on its own, which cost the server more than the fake's own work (bench/run.js: fake/bare
 * node:http 0.58 before, 0.68 after). A response waits no longer than the rest of the turn it was decided in; the
 * answers of one connection keep their order (node:http queues a connection's responses in any case).
 */
const queued: (IncomingMessage | ServerResponse | CoreResponse)[] = [];
let flushQueued = false;

function sendQueued(): void {
  flushQueued = false;
  const batch = queued.splice(0);
  for (let i = 0; i < batch.length; i += 3)
    answer(batch[i] as IncomingMessage, batch[i + 1] as ServerResponse, batch[i + 2] as CoreResponse);
}

/** Sends `response` with the others decided in this turn of the event loop. */
function answerSoon(req: IncomingMessage, res: ServerResponse, response: CoreResponse): void {
  queued.push(req, res, response);
  if (!flushQueued) {
    flushQueued = true;
    setImmediate(sendQueued);
  }
}

/**
 * Creates the listener: a request is routed once, to `mounted` (the control plane) when its path is under the
 * mounted prefix, else to `fake`. A body may be as large as the handler that serves its path allows; past that
 * the listener answers without reading the rest and closes the connection. It runs on every request the standalone
 * server answers, so it builds one request object of one shape and allocates no more than that needs.
 */
export function createListener(fake: RequestHandler, mounted?: MountedHandler): RequestListener {
  return (req, res) => {
    // Under Express, a sub-app mounted at a path sees req.url without that path; originalUrl keeps it whole.
    const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const control = mounted && path.startsWith(mounted.prefix) ? mounted : undefined;
    const headers = req.headers;
    const length = headers['content-length'];
    const declared = length === undefined ? 0 : Number(length);
    const method = req.method ?? 'GET';
    const request: CoreRequest = {
      method,
      path,
      query: query === -1 ? undefined : url.slice(query + 1),
      controlToken: headers['x-fake-control-token'] as string | undefined,
      tenantName: headers['x-fake-tenant'] as string | undefined,
      // Only the control plane's pages hold a token in a cookie.
      cookieToken: control ? cookieValue(headers.cookie, PAGE_TOKEN_COOKIE) : undefined,
      authorization: headers.authorization,
      contentType: headers['content-type'],
      host: headers.host,
      origin: headers.origin,
      fetchSite: headers['sec-fetch-site'],
      bodyDeclared: declared > 0 || headers['transfer-encoding'] !== undefined,
      body: undefined,
      bodyTooLarge: false,
    };
    // Decide, then read: a control request refused from its headers alone has nothing of its body read.
    let refused: CoreResponse | undefined;
    try {
      refused = control?.admit(request, req.socket.remoteAddress);
    } catch (error) {
      answerDefect(req, res, error);
      return;
    }
    if (refused) {
      if (request.bodyDeclared) closeAfterAnswer(req, res);
      answer(req, res, refused);
      return;
    }
    const respond = (): void => {
      let answered: CoreResponse | PromiseLike<CoreResponse>;
      try {
        // A request decided at once (most vendor requests are) is answered at once, without a promise.
        answered = control
          ? control.handle(request, req.socket.remoteAddress)
          : fake.decide
            ? fake.decide(request)
            : fake.handle(request);
      } catch (error) {
        // A handler that throws instead of rejecting: still an answer, never an uncaught exception in an event.
        answerDefect(req, res, error);
        return;
      }
      // A handler of a user's own may return a plain response too.
      if (typeof (answered as Partial<PromiseLike<CoreResponse>> | null | undefined)?.then !== 'function') {
        // Decided: the body is no longer needed, and the answer may wait for the end of the turn. Let it go now
        // (the request's listeners keep this object), or a turn of large bodies would all be held until then.
        request.body = undefined;
        answerSoon(req, res, answered as CoreResponse);
        return;
      }
      (answered as PromiseLike<CoreResponse>).then(
        (response) => {
          answer(req, res, response);
        },
        (error: unknown) => {
          answerDefect(req, res, error);
        },
      );
    };
    // A GET or HEAD carries no body the fake reads, but one it declares is still read to its end first: all or
    // nothing holds whatever the method.
    const readsBody = method !== 'GET' && method !== 'HEAD';
    const limit = (control ?? fake).maxBodyBytes;
    if (declared > limit) {
      request.bodyTooLarge = true;
      closeAfterAnswer(req, res);
      respond();
    } else if (readsBody || request.bodyDeclared) {
      // All or nothing: a body that does not arrive whole never gets here, so nothing is acted on (see readBody).
      readBody(req, limit, (body) => {
        if (readsBody) request.body = body.text;
        if (body.tooLarge) {
          request.bodyTooLarge = true;
          closeAfterAnswer(req, res);
        }
        respond();
      });
    } else respond();
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
