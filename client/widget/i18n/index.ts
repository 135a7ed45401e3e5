export { SUPPORTED_LOCALES, SOURCE_LOCALE, localeForLangTag } from './locale.js';
export type { SupportedLocale } from './locale.js';
export { createLocalization } from './localization.js';
export type { Localization } from './localization.js';
export { channelLabel, reasonText, problemText, stepLabel, fieldLabel, MERGE_STEPS } from './messages.js';
export { currentLocale, formatDateTime, formatShortDateTime, formatTime, formatPercent, formatDuration, formatList } from './format.js';
