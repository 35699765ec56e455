/**
 * The Express app: the server users get for the control plane and whatever they mount, and what createApp gives a
 * user to mount the fake into an Express app of their own. It is a thin wrapper over the node:http listener of
 * adapters/node.ts, which does all the reading and answering.
 */
import express from 'express';
import { createListener, type MountedHandler, type RequestListener } from './node.js';
import type { RequestHandler } from '../core/http-types.js';

export type { RequestListener } from './node.js';

/**
 * Creates the Express app: a request is routed once, to `mounted` (the control plane) when its path is under the
 * mounted prefix, else to `fake`. A body may be as large as the handler that serves its path allows; past that
 * the app answers without reading the rest and closes the connection. It is declared as the node:http listener it
 * is, so a consumer's compiler needs no Express types (they are not a dependency of the package): pass it to
 * `http.createServer` or `app.use`.
 */
export function createApp(fake: RequestHandler, mounted?: MountedHandler): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const listener = createListener(fake, mounted);
  app.use((req, res) => listener(req, res));
  return app;
}
