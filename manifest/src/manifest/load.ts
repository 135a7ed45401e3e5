import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import type { LoadedManifest, Manifest } from './types.js';

/** Absolute path of the shipped manifest, `manifest/app.json`. */
export const defaultManifestPath = fileURLToPath(new URL('../../app.json', import.meta.url));
/** Absolute path of its JSON Schema, `manifest/schema.json`. */
export const manifestSchemaPath = fileURLToPath(new URL('../../schema.json', import.meta.url));

/** A manifest that cannot be used; `path` is the JSON pointer of the problem (`""` for the file). */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path || '/'}: ${message}`);
  }
}

function describe(error: ErrorObject): ManifestError {
  const path = error.keyword === 'additionalProperties'
    ? `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`
    : error.keyword === 'required'
      ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`
      : error.instancePath;
  const message = error.keyword === 'additionalProperties' ? 'is not a manifest field' : error.keyword === 'required' ? 'is required' : (error.message ?? 'is invalid');
  return new ManifestError(path, message);
}

/** Checks `json` against `manifest/schema.json` and the rules a schema cannot say; throws {@link ManifestError} naming the first problem. */
export function validateManifest(json: unknown): Manifest {
  const ajv = new Ajv({ allErrors: false, strict: true, logger: false });
  const validate = ajv.compile(JSON.parse(readFileSync(manifestSchemaPath, 'utf8')) as object);
  if (!validate(json)) throw describe(validate.errors![0]!);
  const manifest = json as Manifest;
  const names = [manifest.role.name, manifest.oauthClients.backend.name, manifest.oauthClients.widget.name];
  if (new Set(names.slice(1)).size !== 2) throw new ManifestError('/oauthClients/widget/name', 'must differ from the backend client name');
  const seen = new Set<string>();
  manifest.role.permissions.forEach((p, i) => {
    if (seen.has(p.permission)) throw new ManifestError(`/role/permissions/${i}/permission`, `duplicate permission "${p.permission}"`);
    seen.add(p.permission);
  });
  const premium = new Set(manifest.premiumApp.permissions.map((p) => p.permission));
  for (const [i, p] of manifest.premiumApp.permissions.entries()) {
    if (!p.permission.startsWith('integration:')) throw new ManifestError(`/premiumApp/permissions/${i}/permission`, 'a premium app permission is integration:<app>:<action>');
  }
  if (premium.size !== manifest.premiumApp.permissions.length) throw new ManifestError('/premiumApp/permissions', 'has duplicates');
  return manifest;
}

async function svgDataUri(baseDir: string, relative: string, pointer: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(baseDir, relative));
  } catch (error) {
    throw new ManifestError(pointer, `cannot read ${relative}: ${(error as Error).message}`);
  }
  if (!/<svg[\s>]/.test(bytes.toString('utf8'))) throw new ManifestError(pointer, `${relative} is not an SVG file`);
  return `data:image/svg+xml;base64,${bytes.toString('base64')}`;
}

/** Reads, validates and loads the icons of a manifest file (default: the shipped one). */
export async function loadManifest(path = defaultManifestPath): Promise<LoadedManifest> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ManifestError('', `cannot read ${absolute}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError('', `${absolute} is not JSON: ${(error as Error).message}`);
  }
  const manifest = validateManifest(json);
  const baseDir = dirname(absolute);
  const widgetIcons = {
    vector: await svgDataUri(baseDir, manifest.widget.icons.vector, '/widget/icons/vector'),
    monochrome: await svgDataUri(baseDir, manifest.widget.icons.monochrome, '/widget/icons/monochrome'),
  };
  await svgDataUri(baseDir, manifest.app.icons.vector, '/app/icons/vector');
  await svgDataUri(baseDir, manifest.app.icons.monochrome, '/app/icons/monochrome');
  return { manifest, path: absolute, widgetIcons };
}
