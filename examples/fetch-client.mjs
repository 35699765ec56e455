#!/usr/bin/env node
/**
 * Gives a user an Emergency Tokencode through RSA's Cloud Administration REST API with plain fetch and
 * node:crypto: no dependencies, Node 18 or later.
 *
 * The workflow (the same against the real tenant and against cloud-admin-fake):
 *   1. POST v1/users/lookup {"email"}                      -> the user's `id`
 *   2. PUT  v1/users/{id}/emergencyTokencode {"expirationDays": 3}
 *                                                          -> the SERVER generates the code and returns it here
 *   3. POST v1/users/lookup again                          -> emergencyAccessStatus "Enabled"
 *   4. DELETE v1/users/{id}/emergencyTokencode/{codeId}    -> 200, empty body (this demo undoes its change)
 *
 * Run:  node examples/fetch-client.mjs <api-key-file> <email>
 *   or: CLOUD_ADMIN_KEY_FILE=... CLOUD_ADMIN_EMAIL=... node examples/fetch-client.mjs
 * Over HTTPS with the fake's self-signed certificate: NODE_EXTRA_CA_CERTS=<cloud-admin-fake.cert.pem> node ...
 */
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';

const keyFile = process.argv[2] ?? process.env.CLOUD_ADMIN_KEY_FILE;
const email = process.argv[3] ?? process.env.CLOUD_ADMIN_EMAIL;
if (!keyFile || !email) {
  console.error('Usage: node examples/fetch-client.mjs <api-key-file> <email>');
  console.error('   or: set CLOUD_ADMIN_KEY_FILE and CLOUD_ADMIN_EMAIL');
  process.exit(2);
}

// The key file the Cloud Administration Console downloads: {customerName, accessID, accessKey, adminRestApiUrl, description}.
let apiKey;
try {
  apiKey = JSON.parse(readFileSync(keyFile, 'utf8'));
} catch (error) {
  console.error(`Failed to read the key file ${keyFile}: ${error.message}`);
  process.exit(1);
}
const baseUrl = apiKey.adminRestApiUrl.endsWith('/') ? apiKey.adminRestApiUrl : `${apiKey.adminRestApiUrl}/`;

/** base64url without padding, as JWTs use it. */
const base64url = (data) => Buffer.from(data).toString('base64url');

/** Signs the bearer JWT by hand: RS256 with the accessKey, sub = accessID, aud = adminRestApiUrl, one hour. */
function signToken() {
  const iat = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256' }));
  const claims = base64url(JSON.stringify({ sub: apiKey.accessID, aud: apiKey.adminRestApiUrl, iat, exp: iat + 3600 }));
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), createPrivateKey(apiKey.accessKey));
  return `${header}.${claims}.${base64url(signature)}`;
}

const token = signToken();
console.log(`Signed a JWT (RS256) for accessID ${apiKey.accessID}, aud ${apiKey.adminRestApiUrl}, valid 3600 s`);

/** Calls the API; returns the parsed JSON body (null when empty), or exits printing the error. */
async function call(method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) {
    const reason = response.headers.get('x-fake-reason');
    console.error(`${method} ${path} failed: HTTP ${response.status} ${text}${reason ? ` (reason: ${reason})` : ''}`);
    process.exit(1);
  }
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

try {
  console.log(`1. POST v1/users/lookup for ${email}`);
  const user = (await call('POST', 'v1/users/lookup', { email, searchUnsynched: false })).body;
  console.log(`   user id ${user.id}, emergencyAccessStatus ${user.emergencyAccessStatus}`);

  console.log(`2. PUT v1/users/${user.id}/emergencyTokencode {"expirationDays": 3}`);
  console.log('   The server generates the code and returns it in this response:');
  const code = (await call('PUT', `v1/users/${user.id}/emergencyTokencode`, { expirationDays: 3 })).body;
  console.log(`emergencyTokencode: ${code.emergencyTokencode}`);
  console.log(`emergencyTokencodeId: ${code.emergencyTokencodeId}`);
  console.log(`expirationDate: ${code.expirationDate}`);

  console.log('3. POST v1/users/lookup again');
  const after = (await call('POST', 'v1/users/lookup', { email, searchUnsynched: false })).body;
  console.log(`emergencyAccessStatus: ${after.emergencyAccessStatus}`);

  console.log(
    `4. DELETE v1/users/${user.id}/emergencyTokencode/${code.emergencyTokencodeId} (this demo undoes its change)`,
  );
  const disabled = await call('DELETE', `v1/users/${user.id}/emergencyTokencode/${code.emergencyTokencodeId}`);
  console.log(`disabled: HTTP ${disabled.status}`);
} catch (error) {
  // fetch rejects with "fetch failed" and the real reason (refused, certificate...) in its cause.
  console.error(`Request failed: ${error.message}${error.cause ? ` (${error.cause.message ?? error.cause})` : ''}`);
  process.exit(1);
}
