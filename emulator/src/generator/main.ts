/**
 * `npm run generate -- --seed S --customers N [--country CC] [--out F] [--<rate> x …]`: writes a
 * generated dataset to F (or stdout). A bad argument stops with a message naming the flag.
 */
import { writeFile } from 'node:fs/promises';
import { GENERATE_USAGE, parseGenerateArgs } from './cli.js';
import { generateDataset } from './generate.js';
import { GeneratorParamsError } from './params.js';
import { serializeDataset } from './serialize.js';

try {
  const command = parseGenerateArgs(process.argv.slice(2));
  const started = performance.now();
  const dataset = generateDataset(command.params);
  const text = serializeDataset(dataset);
  if (command.out === null) {
    process.stdout.write(text);
  } else {
    await writeFile(command.out, text);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Wrote ${command.out}: ${command.params.customers} customers, ${dataset.conversations.length} conversations, ` +
        `${dataset.externalContacts.length} contacts, ${(text.length / 1e6).toFixed(1)} MB in ${seconds} s\n`,
    );
  }
} catch (error) {
  if (error instanceof GeneratorParamsError) {
    process.stderr.write(`generate: ${error.message}\n\n${GENERATE_USAGE}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
