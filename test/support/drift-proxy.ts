/**
 * A deliberately drifted vendor: an HTTP proxy in front of an in-process fake (whose origin is the proxy's, so the
 * key file's tokens name it) that renames a field of User Details, changes the description of the unknown-email 404,
 * and answers 401 where the fake answers 403.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFake } from '../../src/create-fake.js';
import type { ApiKeyFile } from '../../src/core/api-key.js';

/** A running drifted server. */
export interface DriftedServer {
  apiKey: ApiKeyFile;
  close(): Promise<void>;
}

/** Starts the drifted server on a free loopback port. */
export async function startDriftedServer(): Promise<DriftedServer> {
  const proxy = createServer();
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const fake = createFake({ baseUrl: `http://127.0.0.1:${String((proxy.address() as AddressInfo).port)}` });
  proxy.on('request', (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const answer = await fake.fetch(new URL(request.url ?? '/', fake.baseUrl), {
          method: request.method ?? 'GET',
          headers: request.headers as Record<string, string>,
          ...(body.length > 0 && { body }),
        });
        let text = await answer.text();
        let status = answer.status;
        if (status === 200) text = text.replace('"emailAddress"', '"email"');
        if (status === 404) text = text.replace(/User (\S+@\S+) not found/, 'No user $1');
        if (status === 403) status = 401;
        response.writeHead(status, { 'content-type': 'application/json' }).end(text);
      })();
    });
  });
  return {
    apiKey: fake.apiKey,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}
