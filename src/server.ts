/**
 * cloud-admin-fake/server: the Node-only parts. The standalone server (Express, node:http, TLS), the fake mounted
 * into an Express app, key files and scenario files on disk. The in-process fake is the root entry, which carries
 * no Node built-in and runs in browsers too.
 */
export { startServer, type ServerOptions, type RunningServer } from './server/start-server.js';
export { createApp, type RequestListener } from './adapters/express.js';
export { readApiKeyFile, writeApiKeyFile } from './server/key-file.js';
export { loadScenarioFile, loadScenarioDir } from './server/scenario-files.js';
