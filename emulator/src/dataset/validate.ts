import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import type { Dataset } from './types.js';

/** One problem found in a dataset: where (a JSON pointer such as `/conversations/12/participants/0/purpose`) and what. */
export interface DatasetIssue {
  path: string;
  message: string;
}

/** A dataset that breaks the schema or its references. `path` is the JSON pointer of the first problem. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(
    readonly path: string,
    message: string,
    /** Every problem found (capped), the first one being `path`/`message`. */
    readonly issues: readonly DatasetIssue[] = [{ path, message }],
  ) {
    super(`${path || '/'}: ${message}`);
  }
}

const schemaUrl = new URL('../../dataset.schema.json', import.meta.url);
/** Absolute path of `emulator/dataset.schema.json`. */
export const datasetSchemaPath = fileURLToPath(schemaUrl);

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function compileValidator() {
  const ajv = new Ajv({ allErrors: true, strictTypes: false, logger: false });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
  return ajv.compile(JSON.parse(readFileSync(schemaUrl, 'utf8')) as object);
}

/**
 * Checks `json` against `emulator/dataset.schema.json`, then its references (ids that must exist,
 * ids that must be unique, time order). Returns every problem found, at most `maxIssues`; an empty
 * array means the dataset is usable.
 *
 * Dangling references that are legal: a participant's `externalContactId` naming no contact (an
 * expired ephemeral contact: its GET answers 404, reference §3.1), and a participant's `userId`
 * naming no user (an agent who never signs in to the app).
 */
export function validateDataset(json: unknown, maxIssues = 100): DatasetIssue[] {
  const validate = compileValidator();
  if (!validate(json)) {
    // `if` and `propertyNames` only wrap the errors that say what is wrong.
    return (validate.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames').slice(0, maxIssues).map(toIssue);
  }
  return checkReferences(json as Dataset, maxIssues);
}

/** Validates `json` and returns it typed; throws {@link DatasetError} naming the first problem's JSON path. */
export function parseDataset(json: unknown): Dataset {
  const issues = validateDataset(json);
  const first = issues[0];
  if (first) throw new DatasetError(first.path, first.message, issues);
  return json as Dataset;
}

function toIssue(error: ErrorObject): DatasetIssue {
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    return { path: `${error.instancePath}/${escapePointer(error.propertyName)}`, message: `is not a valid key: it ${error.message ?? error.keyword}` };
  }
  if (error.keyword === 'required') {
    const prop = String(params.missingProperty);
    return { path: `${error.instancePath}/${escapePointer(prop)}`, message: `is required` };
  }
  if (error.keyword === 'additionalProperties') {
    const prop = String(params.additionalProperty);
    return { path: `${error.instancePath}/${escapePointer(prop)}`, message: `is not an allowed property` };
  }
  if (error.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return { path: error.instancePath, message: `must be one of ${allowed}` };
  }
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function checkReferences(dataset: Dataset, maxIssues: number): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  const add = (path: string, message: string) => {
    if (issues.length < maxIssues) issues.push({ path, message });
  };
  const unique = (list: Array<{ id: string }>, base: string): Set<string> => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id)) add(`${base}/${i}/id`, `duplicate id "${item.id}"`);
      seen.add(item.id);
    });
    return seen;
  };
  const divisions = unique(dataset.divisions, '/divisions');
  const roles = unique(dataset.roles, '/roles');
  unique(dataset.users, '/users');
  unique(dataset.oauthClients, '/oauthClients');
  const contacts = unique(dataset.externalContacts, '/externalContacts');
  const mustExist = (set: Set<string>, id: string, path: string, what: string) => {
    if (!set.has(id)) add(path, `names no ${what} ("${id}")`);
  };

  dataset.users.forEach((user, i) => {
    user.roleIds.forEach((id, j) => mustExist(roles, id, `/users/${i}/roleIds/${j}`, 'role'));
    mustExist(divisions, user.divisionId, `/users/${i}/divisionId`, 'division');
    user.divisionIds?.forEach((id, j) => mustExist(divisions, id, `/users/${i}/divisionIds/${j}`, 'division'));
  });
  const clients = new Set(dataset.oauthClients.map((c) => c.id));
  if (dataset.integrationTypes) unique(dataset.integrationTypes, '/integrationTypes');
  dataset.integrationTypes?.forEach((type, i) => {
    type.vendorOAuthClientIds?.forEach((id, j) => mustExist(clients, id, `/integrationTypes/${i}/vendorOAuthClientIds/${j}`, 'OAuth client'));
  });
  dataset.oauthClients.forEach((client, i) => {
    client.roleIds.forEach((id, j) => mustExist(roles, id, `/oauthClients/${i}/roleIds/${j}`, 'role'));
    client.divisionIds?.forEach((id, j) => mustExist(divisions, id, `/oauthClients/${i}/divisionIds/${j}`, 'division'));
  });
  dataset.externalContacts.forEach((contact, i) => {
    const base = `/externalContacts/${i}`;
    mustExist(divisions, contact.division.id, `${base}/division/id`, 'division');
    if (contact.mergedTo) mustExist(contacts, contact.mergedTo.id, `${base}/mergedTo/id`, 'contact');
    if (contact.canonicalContact) mustExist(contacts, contact.canonicalContact.id, `${base}/canonicalContact/id`, 'contact');
    contact.mergeSet?.forEach((ref, j) => mustExist(contacts, ref.id, `${base}/mergeSet/${j}/id`, 'contact'));
    contact.mergedFrom?.forEach((ref, j) => mustExist(contacts, ref.id, `${base}/mergedFrom/${j}/id`, 'contact'));
    if (contact.mergedTo && !contact.canonicalContact) add(`${base}/canonicalContact`, 'is required when mergedTo is set');
    if (Date.parse(contact.modifyDate) < Date.parse(contact.createDate)) add(`${base}/modifyDate`, 'is before createDate');
  });

  const conversationIds = new Set<string>();
  dataset.conversations.forEach((conversation, i) => {
    const base = `/conversations/${i}`;
    if (conversationIds.has(conversation.conversationId)) add(`${base}/conversationId`, `duplicate id "${conversation.conversationId}"`);
    conversationIds.add(conversation.conversationId);
    conversation.divisionIds.forEach((id, j) => mustExist(divisions, id, `${base}/divisionIds/${j}`, 'division'));
    const start = Date.parse(conversation.conversationStart);
    if (conversation.conversationEnd !== undefined && Date.parse(conversation.conversationEnd) < start) {
      add(`${base}/conversationEnd`, 'is before conversationStart');
    }
    conversation.participants.forEach((participant, j) => {
      participant.sessions.forEach((session, k) => {
        session.segments.forEach((segment, l) => {
          if (segment.segmentEnd !== undefined && Date.parse(segment.segmentEnd) < Date.parse(segment.segmentStart)) {
            add(`${base}/participants/${j}/sessions/${k}/segments/${l}/segmentEnd`, 'is before segmentStart');
          }
        });
      });
    });
  });
  const purged = new Set(dataset.purged);
  const known = (id: string) => conversationIds.has(id) || purged.has(id);
  for (const key of Object.keys(dataset.truth)) {
    if (!known(key)) add(`/truth/${escapePointer(key)}`, `names no conversation ("${key}")`);
  }
  for (const key of Object.keys(dataset.evidence ?? {})) {
    if (!known(key)) add(`/evidence/${escapePointer(key)}`, `names no conversation ("${key}")`);
  }
  return issues;
}
