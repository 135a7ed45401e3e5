/**
 * The widget's languages and how a Genesys language tag (`gcLangTag`, e.g. `fr-ca`) picks one.
 */

/** English (the source), Spanish, French and German. */
export const SUPPORTED_LOCALES = ['en', 'es', 'fr', 'de'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const SOURCE_LOCALE: SupportedLocale = 'en';

/** The supported locale for a language tag by its primary subtag; English otherwise. */
export function localeForLangTag(langTag: string | null | undefined): SupportedLocale {
  const primary = (langTag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (SUPPORTED_LOCALES as readonly string[]).includes(primary) ? (primary as SupportedLocale) : SOURCE_LOCALE;
}
