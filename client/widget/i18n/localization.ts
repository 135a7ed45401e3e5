/**
 * `@lit/localize` in runtime mode: English is built in, the other locales are generated modules
 * (`lit-localize build`, from `xliff/*.xlf`) loaded on demand as separate chunks.
 */
import { configureLocalization } from '@lit/localize';
import type { LocaleModule } from '@lit/localize';
import { SOURCE_LOCALE, type SupportedLocale } from './locale.js';

export interface Localization {
  getLocale(): string;
  /** Loads the locale's messages (once) and re-renders every `@localized()` element. */
  setLocale(locale: SupportedLocale): Promise<void>;
}

const loaders: Record<Exclude<SupportedLocale, 'en'>, () => Promise<LocaleModule>> = {
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
};

/**
 * Configures `@lit/localize` for the page. Call once, from the entry module: the library keeps
 * its configuration globally and refuses a second call.
 */
export function createLocalization(): Localization {
  return configureLocalization({
    sourceLocale: SOURCE_LOCALE,
    targetLocales: Object.keys(loaders),
    loadLocale: (locale) => loaders[locale as keyof typeof loaders](),
  });
}
