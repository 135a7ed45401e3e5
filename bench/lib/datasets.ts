/**
 * Generated datasets written to a temporary file, for an emulator child process to load.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../emulator/src/index.js';
import { generateDataset, resolveGeneratorParams, serializeDataset, type GeneratorParams } from '../../emulator/src/generator/index.js';

/** A generated dataset on disk. */
export interface DatasetFile {
  file: string;
  dataset: Dataset;
  /** Generation time (wall), ms. */
  generateMs: number;
  /** Size of the JSON file. */
  bytes: number;
  /** Deletes the file and its directory. */
  remove(): Promise<void>;
}

/** Generates a dataset with `params` (generator defaults for the rest) and writes it to a fresh temporary directory. */
export async function writeGeneratedDataset(params: Partial<GeneratorParams>): Promise<DatasetFile> {
  const started = performance.now();
  const dataset = generateDataset(resolveGeneratorParams(params));
  const generateMs = performance.now() - started;
  const dir = await mkdtemp(join(tmpdir(), 'im-bench-dataset-'));
  const file = join(dir, 'dataset.json');
  const text = serializeDataset(dataset);
  await writeFile(file, text);
  return { file, dataset, generateMs, bytes: Buffer.byteLength(text), remove: () => rm(dir, { recursive: true, force: true }) };
}
