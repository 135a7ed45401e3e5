import { z } from 'zod';
import { AppError, badRequest } from '../errors/index.js';
import { DEFAULT_CHANNEL_WEIGHTS, type TenantSettings } from '../merge/types.js';

/**
 * Defaults of a tenant's settings (DESIGN.md): channel weights voice 10, chat and web messaging
 * 7, email 5, SMS and other messaging 3; auto-selection at a score of 0.8; conflicts decided by
 * recency (the most recently modified contact wins, as Amazon Connect's RECENCY); a 30-day
 * look-back; the agent's own conversation is usually still active, so active ones may be merged.
 */
export const DEFAULT_TENANT_SETTINGS: Readonly<TenantSettings> = Object.freeze({
  threshold: 0.8,
  channelWeights: Object.freeze({ ...DEFAULT_CHANNEL_WEIGHTS }),
  conflictPolicy: 'recency',
  sourcePriority: Object.freeze(['Curated', 'Identified', 'Ephemeral']) as TenantSettings['sourcePriority'],
  lookBackDays: 30,
  allowActiveConversations: true,
  clockSkewToleranceMs: 5000,
  emailRules: Object.freeze({
    stripPlusTags: true,
    ignoreDotsDomains: Object.freeze(['gmail.com', 'googlemail.com']) as string[],
  }),
  lineTypeLookup: true,
} satisfies TenantSettings);

const weight = z.number().min(0).max(100);
const contactType = z.enum(['Curated', 'Identified', 'Ephemeral']);

/** The full settings object, every field required (what is stored after defaults are applied). */
export const tenantSettingsSchema = z
  .object({
    threshold: z.number().min(0).max(1),
    channelWeights: z
      .object({
        voice: weight,
        chat: weight,
        webmessaging: weight,
        email: weight,
        sms: weight,
        whatsapp: weight,
        messaging: weight,
      })
      .strict(),
    conflictPolicy: z.enum(['recency', 'channel_priority', 'source']),
    sourcePriority: z
      .array(contactType)
      .min(1)
      .max(3)
      .refine((types) => new Set(types).size === types.length, 'must not repeat a contact type'),
    lookBackDays: z.number().int().min(1).max(3650),
    allowActiveConversations: z.boolean(),
    clockSkewToleranceMs: z.number().int().min(0).max(3_600_000),
    emailRules: z
      .object({
        stripPlusTags: z.boolean(),
        ignoreDotsDomains: z
          .array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a lower-case domain'))
          .max(50),
      })
      .strict(),
    lineTypeLookup: z.boolean(),
  })
  .strict();

/** A partial update: any subset of fields; `channelWeights` and `emailRules` may be partial too. */
export const tenantSettingsPatchSchema = tenantSettingsSchema
  .extend({
    channelWeights: tenantSettingsSchema.shape.channelWeights.partial(),
    emailRules: tenantSettingsSchema.shape.emailRules.partial(),
  })
  .partial()
  .strict();

/** A partial settings update. */
export type TenantSettingsPatch = z.infer<typeof tenantSettingsPatchSchema>;

function fieldOf(path: PropertyKey[], prefix: string): string {
  return [prefix, ...path.map(String)].filter(Boolean).join('.');
}

/**
 * Applies a partial update to `base` (default: the defaults) and validates the result.
 * Throws AppError 400 `bad_request` naming the field (`settings.threshold`) and changing nothing.
 */
export function applySettingsPatch(
  patch: unknown,
  base: TenantSettings = DEFAULT_TENANT_SETTINGS,
  prefix = 'settings',
): TenantSettings {
  const parsed = tenantSettingsPatchSchema.safeParse(patch ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldOf(issue.path, prefix);
    throw badRequest(`${field}: ${issue.message}`, { field, issues: parsed.error.issues.map((i) => ({ field: fieldOf(i.path, prefix), message: i.message })) });
  }
  const value = parsed.data;
  const merged: TenantSettings = {
    ...base,
    ...value,
    channelWeights: { ...base.channelWeights, ...value.channelWeights },
    emailRules: { ...base.emailRules, ...value.emailRules },
  } as TenantSettings;
  return tenantSettingsSchema.parse(merged) as TenantSettings;
}

/**
 * Reads stored settings JSON: fields missing (stored by an older version) take today's
 * defaults. Settings that no longer validate are an error (AppError 500 `settings_unreadable`),
 * never silently replaced.
 */
export function readStoredSettings(text: string): TenantSettings {
  try {
    return applySettingsPatch(JSON.parse(text) as unknown);
  } catch (error) {
    throw new AppError('settings_unreadable', 500, 'Stored tenant settings are not valid', { cause: error });
  }
}
