import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { LineType } from '../dataset/index.js';
import { lookUpPhoneNumber } from './phone-number.js';

/** Where the stand-in is mounted: the product's configured base URL is `<emulator url>/twilio-lookups`. */
export const LOOKUP_BASE_PATH = '/twilio-lookups';

/** The one route, as request counts name it. */
export const LOOKUP_TEMPLATE = `${LOOKUP_BASE_PATH}/v2/PhoneNumbers/{phoneNumber}`;

/** Twilio's account credentials, as HTTP Basic sends them. */
export interface LookupCredentials {
  accountSid: string;
  authToken: string;
}

/** What the lookup router reads. */
export interface LookupRouterDeps {
  /** The carrier data: `Dataset.lineTypes` (the dataset never changes under a running emulator). */
  lineTypes: Readonly<Record<string, LineType>> | undefined;
  credentials: LookupCredentials;
  /** Waits the latency fault, as every Genesys API call does. */
  latency(): Promise<void>;
}

/** A Twilio REST error body (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions). */
function twilioError(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authenticated(req: Request, credentials: LookupCredentials): boolean {
  const match = req.get('authorization')?.match(/^basic\s+(\S+)\s*$/i);
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0
    && sameSecret(decoded.slice(0, colon), credentials.accountSid)
    && sameSecret(decoded.slice(colon + 1), credentials.authToken);
}

/** `Fields=a,b` (also repeated `Fields`), trimmed. */
function requestedFields(query: Request['query']): string[] {
  const raw = query.Fields;
  const values = Array.isArray(raw) ? raw : [raw];
  return values.filter((value): value is string => typeof value === 'string').flatMap((value) => value.split(',')).map((field) => field.trim());
}

/**
 * A stand-in for Twilio Lookup v2 (`https://lookups.twilio.com/v2/PhoneNumbers/{PhoneNumber}`),
 * another vendor's API beside the Genesys one: HTTP Basic with the account SID and auth token
 * (401 with Twilio's error 20003 otherwise), no Genesys token, rate limit or injected errors; the
 * latency fault applies. Counted under {@link LOOKUP_TEMPLATE}.
 */
export function createLookupRouter(deps: LookupRouterDeps): Router {
  const lineTypes = new Map(Object.entries(deps.lineTypes ?? {}));
  const router = express.Router();
  const lookUp: RequestHandler = async (req, res) => {
    res.locals.template = LOOKUP_TEMPLATE;
    if (!authenticated(req, deps.credentials)) {
      res.status(401).json(twilioError(20003, 'Authenticate', 401));
      return;
    }
    await deps.latency();
    const baseUrl = `${req.protocol}://${req.get('host') ?? 'localhost'}${LOOKUP_BASE_PATH}/v2/PhoneNumbers/`;
    res.json(lookUpPhoneNumber({
      phoneNumber: req.params.phoneNumber as string,
      fields: requestedFields(req.query),
      lineTypes,
      // Twilio's `url` keeps the leading `+` of an E.164 number as is.
      urlOf: (phoneNumber) => baseUrl + encodeURIComponent(phoneNumber).replace(/^%2B/, '+'),
    }));
  };
  router.get(`${LOOKUP_BASE_PATH}/v2/PhoneNumbers/:phoneNumber`, lookUp);
  router.use(LOOKUP_BASE_PATH, (req, res) => {
    res.status(404).json(twilioError(20404, `The requested resource ${req.originalUrl.split('?')[0]} was not found`, 404));
  });
  return router;
}
