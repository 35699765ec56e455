/** The standalone server: Express calling the core directly (no msw matching on this path). */
import express, { type Express, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { FakeCore } from '../fake.js';
import type { CoreRequest, CoreResponse } from '../core/http-types.js';
import { applicationError } from '../core/errors.js';

/** Something else that can answer a request first (the control plane); returns undefined to pass. */
export type PreHandler = (
  request: CoreRequest,
  remoteAddress: string | undefined,
) => Promise<CoreResponse | undefined> | undefined;

/** Reads the body as text, up to `limit` bytes; past that it drains the rest and reports `tooLarge`. */
function readBody(req: Request, limit: number): Promise<{ text: string | undefined; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () =>
      resolve({ text: size === 0 || tooLarge ? undefined : Buffer.concat(chunks).toString('utf8'), tooLarge }),
    );
    req.on('error', () => resolve({ text: undefined, tooLarge }));
  });
}

/** Sends a core response, or fails the connection for a network fault. */
function send(res: Response, response: CoreResponse): void {
  if (response.networkError) {
    const socket = res.req.socket;
    if (response.networkError === 'reset' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
    return;
  }
  res.writeHead(response.status, response.headers);
  res.end(response.body ?? undefined);
}

/** Creates the Express app: every request goes to `pre` (if any), then to the core. */
export function createApp(fake: FakeCore, pre?: PreHandler, bodyLimit: number = fake.core.maxBodyBytes): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const limit = Math.max(bodyLimit, fake.core.maxBodyBytes);
  app.use((req, res) => {
    const url = req.originalUrl;
    const query = url.indexOf('?');
    const request: CoreRequest = {
      method: req.method,
      path: query === -1 ? url : url.slice(0, query),
      query: query === -1 ? undefined : url.slice(query + 1),
      controlToken: req.headers['x-fake-control-token'] as string | undefined,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: undefined,
    };
    const answer = (response: CoreResponse): void => send(res, response);
    const declared = Number(req.headers['content-length'] ?? '0');
    const handle = async (): Promise<void> => {
      if (declared > limit) {
        request.bodyTooLarge = true;
        res.setHeader('connection', 'close');
      } else if (req.method !== 'GET' && req.method !== 'HEAD') {
        const body = await readBody(req, limit);
        request.body = body.text;
        if (body.tooLarge) request.bodyTooLarge = true;
      }
      answer((await pre?.(request, req.socket.remoteAddress)) ?? (await fake.handle(request)));
    };
    handle().catch((error: unknown) =>
      answer(applicationError(500, 'An internal error occurred.', `fake defect: ${String(error)}`)),
    );
  });
  return app;
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
