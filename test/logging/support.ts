import { createLogger } from '../../server/src/logging/index.js';
import type { Logger, LoggerOptions } from '../../server/src/logging/index.js';

/** A logger whose lines are collected in memory, as text and parsed. */
export function captureLogger(options: Omit<LoggerOptions, 'destination'> = {}): {
  logger: Logger;
  text: () => string;
  lines: () => Array<Record<string, unknown>>;
} {
  const raw: string[] = [];
  const logger = createLogger({ level: 'debug', ...options, destination: { write: (line: string) => void raw.push(line) } });
  return {
    logger,
    text: () => raw.join(''),
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
