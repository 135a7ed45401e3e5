import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Dataset } from './types.js';
import { createStringInterner } from './intern.js';
import { parseJsonObjectStreaming } from './read-json.js';
import { DatasetError, parseDataset } from './validate.js';

/** Absolute path of the demo dataset, `emulator/data/demo-dataset.json`. */
export const demoDatasetPath = fileURLToPath(new URL('../../data/demo-dataset.json', import.meta.url));

/**
 * Reads and validates a dataset file. Rejects with {@link DatasetError}: path `""` when the file is
 * not a JSON object, otherwise the JSON pointer of the first problem. Large files are parsed one
 * array element at a time and equal strings are shared ({@link createStringInterner}), so a
 * 100k-conversation org fits in a few hundred megabytes.
 */
export async function loadDataset(path: string): Promise<Dataset> {
  const bytes = await readFile(path);
  let json: unknown;
  try {
    json = parseJsonObjectStreaming(bytes, createStringInterner());
  } catch (error) {
    throw new DatasetError('', `${path} is not a JSON object: ${(error as Error).message}`);
  }
  return parseDataset(json);
}
