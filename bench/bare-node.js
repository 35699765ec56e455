/**
 * The floor for bench/run.js: a bare node:http server answering the one route the bench loads with a fixed body of
 * the same shape as the fake's 200 for PUT v1 emergencyTokencode (it reads the request body first, as any server
 * must). Usage: node bench/bare-node.js [--port 0] [--host 127.0.0.1]
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
const host = values.host ?? '127.0.0.1';

const BODY = JSON.stringify({
  emergencyTokencodeId: '6b0e2c52-8f7c-4c1d-9d2e-3a4b5c6d7e8f',
  emergencyTokencode: '12345678',
  expirationDate: '2026-01-04T10:00:00.000+00:00',
  offlineExpirationDate: '2026-01-04T10:00:00.000+00:00',
});
const PATH = /^\/AdminInterface\/restapi\/v1\/users\/[^/]+\/emergencyTokencode$/;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'PUT' && PATH.test(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
      res.end(BODY);
    } else {
      res.writeHead(404).end();
    }
  });
});
server.listen(Number(values.port ?? 0), host, () => {
  process.stdout.write(`bare-node: listening on http://${host}:${server.address().port}\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
