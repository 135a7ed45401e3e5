/**
 * Chromium for browser tests and benches: `CHROMIUM_PATH` when set (a system Chromium or Chrome),
 * otherwise the binary shipped by `@sparticuz/chromium` (inflated to the temp folder on first
 * use). Launch one browser per test file and a fresh context per test.
 */
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser } from 'playwright-core';

/** Flags for a quiet, headless Chromium that makes no calls of its own. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]);

/** The Chromium binary: `env.CHROMIUM_PATH` when set, else `@sparticuz/chromium`'s. */
export async function chromiumExecutablePath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const override = env.CHROMIUM_PATH?.trim();
  if (override) return override;
  return chromium.executablePath();
}

export interface LaunchChromiumOptions {
  /** Extra command-line flags, after `CHROMIUM_ARGS`. */
  args?: string[];
  /** Defaults to true. */
  headless?: boolean;
}

/** Launches Chromium through playwright-core. Close it in `afterAll`. */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromiumExecutablePath(),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    headless: options.headless ?? true,
  });
}
