import { z } from 'zod';
import { resolveRegion } from '../config/index.js';
import { badRequest } from '../errors/index.js';
import { tenantSettingsPatchSchema } from './settings.js';

const baseUrl = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute URL' });
    return z.NEVER;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL without credentials, query or fragment' });
    return z.NEVER;
  }
  return url.href.replace(/\/+$/, '');
});

const region = z.string().transform((value, ctx) => {
  const found = resolveRegion(value);
  if (!found) {
    ctx.addIssue({ code: 'custom', message: 'must be a Genesys Cloud region key (us_east_1) or host (mypurecloud.com)' });
    return z.NEVER;
  }
  return found.key;
});

const clientId = z.string().regex(/^[A-Za-z0-9._-]{1,256}$/, 'must be an OAuth client id');
const secret = z.string().min(8, 'must be at least 8 characters').max(512);
const webhookSecret = z.string().refine((value) => {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
  if (!match?.[1]) return false;
  const bytes = Buffer.from(match[1], 'base64').length;
  return bytes >= 24 && bytes <= 64;
}, 'must be whsec_ followed by base64 of 24 to 64 bytes');

/** `POST` admin body: a tenant (one Genesys org) to register. */
export const tenantRegistrationSchema = z
  .object({
    orgId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a Genesys organisation id'),
    name: z.string().trim().min(1).max(200),
    region: region.optional(),
    apiBaseUrl: baseUrl.optional(),
    loginBaseUrl: baseUrl.optional(),
    backendClientId: clientId,
    backendClientSecret: secret,
    widgetClientId: clientId,
    crmWebhook: z.object({ url: baseUrl, secret: webhookSecret }).strict().nullable().optional(),
    settings: tenantSettingsPatchSchema.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.region === undefined && value.apiBaseUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'region or apiBaseUrl is required' });
    }
  });

/** `PATCH` admin body: connection fields to change (settings have their own update). */
export const tenantUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    region: region.nullable().optional(),
    apiBaseUrl: baseUrl.nullable().optional(),
    loginBaseUrl: baseUrl.nullable().optional(),
    backendClientId: clientId.optional(),
    backendClientSecret: secret.optional(),
    widgetClientId: clientId.optional(),
    crmWebhook: z
      .object({
        url: baseUrl.optional(),
        /** Required when the tenant has no webhook yet; kept otherwise. */
        secret: webhookSecret.optional(),
        /** true re-enables an endpoint disabled after a 410. */
        enabled: z.boolean().optional(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

/** A registration as callers send it (validated by `tenantRegistrationSchema`). */
export type TenantRegistration = z.input<typeof tenantRegistrationSchema>;
/** An update as callers send it (validated by `tenantUpdateSchema`). */
export type TenantUpdate = z.input<typeof tenantUpdateSchema>;

/** Parses with `schema`; AppError 400 naming the first bad field (`crmWebhook.url`) otherwise. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(body)';
  throw badRequest(`${field}: ${issue.message}`, {
    field,
    issues: result.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
  });
}
