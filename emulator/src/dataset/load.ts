import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Dataset } from './types.js';
import { DatasetError, parseDataset } from './validate.js';

/** Absolute path of the demo dataset, `emulator/data/demo-dataset.json`. */
export const demoDatasetPath = fileURLToPath(new URL('../../data/demo-dataset.json', import.meta.url));

/**
 * Reads and validates a dataset file. Rejects with {@link DatasetError}: path `""` when the file is
 * not JSON, otherwise the JSON pointer of the first problem.
 */
export async function loadDataset(path: string): Promise<Dataset> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DatasetError('', `${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseDataset(json);
}
