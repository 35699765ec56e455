// Copies the pages (ui/) and the two Swagger UI files the docs page needs into dist/pages/, so the package serves
// them offline. Swagger UI is a devDependency: only these files ship, not its 12 MB folder. Each file is written
// beside its place and renamed into it, so a server reading the folder while this runs never sees half a file.
import { copyFileSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'pages');
mkdirSync(out, { recursive: true });
const place = (from, name) => {
  const temporary = join(out, `.${name}.${process.pid}`);
  copyFileSync(from, temporary);
  renameSync(temporary, join(out, name));
};
for (const name of readdirSync(join(root, 'ui'))) place(join(root, 'ui', name), name);
const swagger = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
place(join(swagger, 'swagger-ui-bundle.js'), 'swagger-ui-bundle.js');
place(join(swagger, 'swagger-ui.css'), 'swagger-ui.css');
place(join(swagger, 'LICENSE'), 'swagger-ui.LICENSE');
