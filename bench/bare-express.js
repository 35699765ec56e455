/**
 * The baseline for bench/run.js: a bare Express 5 app (default settings) with the one route the bench loads,
 * answering a fixed body of the same shape as the fake's 200 for PUT v1 emergencyTokencode.
 * Usage: node bench/bare-express.js [--port 0] [--host 127.0.0.1]
 */
import express from 'express';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
const host = values.host ?? '127.0.0.1';

const BODY = {
  emergencyTokencodeId: '6b0e2c52-8f7c-4c1d-9d2e-3a4b5c6d7e8f',
  emergencyTokencode: '12345678',
  expirationDate: '2026-01-04T10:00:00.000+00:00',
  offlineExpirationDate: '2026-01-04T10:00:00.000+00:00',
};

const app = express();
app.put('/AdminInterface/restapi/v1/users/:id/emergencyTokencode', (req, res) => {
  res.json(BODY);
});

const server = app.listen(Number(values.port ?? 0), host, () => {
  process.stdout.write(`bare-express: listening on http://${host}:${server.address().port}\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
