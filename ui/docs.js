// The API reference at /__fake/docs: Swagger UI (bundled with the package) over both contracts, as this server
// serves them (their `servers` point here, so try-it calls go to this fake). Nothing is fetched from elsewhere.
for (const [id, url] of [
  ['vendor-api', '/__fake/openapi.json'],
  ['control-plane', '/__fake/control-plane.json'],
]) {
  globalThis.SwaggerUIBundle({
    url,
    dom_id: `#${id}`,
    validatorUrl: null, // the default asks a public validator service for a badge
    displayOperationId: true,
    deepLinking: false,
    tryItOutEnabled: false,
  });
}
