import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetRefusal, demoDatasetJson } from '../support/emulator.js';
import {
  DEMO_IDS, demoDatasetPath, loadDataset, validateDataset, type Dataset,
} from '../../emulator/src/index.js';

describe('dataset schema and loader (DESIGN.md "A dataset is one JSON file")', () => {
  it('when the demo dataset is loaded, then it validates without issues', async () => {
    expect(validateDataset(await demoDatasetJson())).toEqual([]);
    const dataset = await loadDataset(demoDatasetPath);
    expect(dataset.conversations.length).toBeGreaterThanOrEqual(18);
  });

  it('when the demo dataset is read, then it uses DEMO_IDS for the org, roles, users and clients', async () => {
    const dataset = await demoDatasetJson();
    expect(dataset.org).toMatchObject({ id: DEMO_IDS.orgId, name: DEMO_IDS.orgName, defaultCountry: 'US' });
    expect(dataset.divisions.map((d) => d.id).sort()).toEqual(Object.values(DEMO_IDS.divisions).sort());
    expect(dataset.roles.map((r) => r.id).sort()).toEqual(Object.values(DEMO_IDS.roles).sort());
    expect(dataset.users.map((u) => u.id).sort()).toEqual(Object.values(DEMO_IDS.users).sort());
    const clients = new Map(dataset.oauthClients.map((c) => [c.id, c]));
    expect(clients.get(DEMO_IDS.clients.backend.id)).toMatchObject({ authorizedGrantType: 'CLIENT-CREDENTIALS', secret: DEMO_IDS.clients.backend.secret });
    expect(clients.get(DEMO_IDS.clients.adminCli.id)).toMatchObject({ authorizedGrantType: 'CLIENT-CREDENTIALS', secret: DEMO_IDS.clients.adminCli.secret });
    const widget = clients.get(DEMO_IDS.clients.widget.id)!;
    expect(widget.authorizedGrantType).toBe('CODE');
    expect(widget.secret).toBeUndefined();
    expect(widget.registeredRedirectUri).toEqual(['http://localhost:3000/widget', 'http://127.0.0.1:3000/widget']);
  });

  it('when the demo roles are read, then merge permissions belong to the merge agent and not to the viewer', async () => {
    const roles = new Map((await demoDatasetJson()).roles.map((r) => [r.id, r.permissions]));
    expect(roles.get(DEMO_IDS.roles.mergeAgent)).toEqual(expect.arrayContaining([
      DEMO_IDS.permissions.view, 'analytics:conversationDetail:view', 'externalContacts:identity:merge', 'externalContacts:conversation:associate',
    ]));
    expect(roles.get(DEMO_IDS.roles.viewAgent)).toContain('analytics:agentConversationDetail:view');
    expect(roles.get(DEMO_IDS.roles.viewAgent)).not.toContain('externalContacts:identity:merge');
    expect(roles.get(DEMO_IDS.roles.admin)).toContain(DEMO_IDS.permissions.admin);
    expect(roles.get(DEMO_IDS.roles.plainAgent)).not.toContain(DEMO_IDS.permissions.view);
    expect(roles.get(DEMO_IDS.roles.backend)).toEqual(expect.arrayContaining([
      'conversation:communication:view', 'analytics:conversationDetail:view', 'analytics:dataRetention:view',
      'externalContacts:contact:view', 'externalContacts:contact:edit', 'externalContacts:identity:merge',
      'externalContacts:conversation:associate', 'externalContacts:session:view',
    ]));
  });

  it('when the demo dataset is read, then every conversation has a truth entry and the demo cases exist', async () => {
    const dataset = await demoDatasetJson();
    for (const c of dataset.conversations) expect(dataset.truth[c.conversationId]).toBeTruthy();
    const media = new Set(dataset.conversations.flatMap((c) => c.participants.flatMap((p) => p.sessions.map((s) => s.messageType ?? s.mediaType))));
    expect([...media].sort()).toEqual(['email', 'sms', 'voice', 'webmessaging', 'whatsapp']);
    expect(dataset.purged).toHaveLength(1);
    expect(dataset.conversations.filter((c) => c.conversationEnd === undefined)).toHaveLength(1);
    const reference = Date.parse(dataset.referenceTime!);
    const ageDays = (c: Dataset['conversations'][number]) => (reference - Date.parse(c.conversationStart)) / 86_400_000;
    expect(dataset.conversations.filter((c) => ageDays(c) > dataset.org.analyticsRetentionDays)).toHaveLength(1);
    expect(dataset.externalContacts.some((c) => c.mergedTo)).toBe(true);
  });

  it('when a participant purpose is not an analytics purpose, then the dataset is refused with that JSON path', async () => {
    const dataset = await demoDatasetJson();
    (dataset.conversations[12]!.participants[0] as { purpose: string }).purpose = 'shopper';
    const error = datasetRefusal(dataset);
    expect(error.path).toBe('/conversations/12/participants/0/purpose');
    expect(error.message).toContain('must be one of');
  });

  it('when a required field is missing, then the path names the missing field', async () => {
    const dataset = await demoDatasetJson();
    delete (dataset.conversations[3] as Partial<Dataset['conversations'][number]>).conversationStart;
    expect(datasetRefusal(dataset).path).toBe('/conversations/3/conversationStart');
  });

  it('when a timestamp is not ISO-8601 or a top-level key is unknown, then each problem is reported with its path', async () => {
    const dataset = (await demoDatasetJson()) as Dataset & Record<string, unknown>;
    dataset.externalContacts[2]!.modifyDate = 'yesterday';
    dataset.conversatons = [];
    const paths = validateDataset(dataset).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['/externalContacts/2/modifyDate', '/conversatons']));
  });

  it('when a client-credentials client has no secret, then the dataset is refused at the client', async () => {
    const dataset = await demoDatasetJson();
    delete dataset.oauthClients[0]!.secret;
    expect(datasetRefusal(dataset).path).toBe('/oauthClients/0/secret');
  });

  it('when a user names a role that does not exist, then the dataset is refused with the roleIds path', async () => {
    const dataset = await demoDatasetJson();
    dataset.users[1]!.roleIds.push('no-such-role');
    const error = datasetRefusal(dataset);
    expect(error.path).toBe('/users/1/roleIds/1');
    expect(error.message).toContain('no-such-role');
  });

  it('when a conversation or contact names an unknown division, then the dataset is refused with its path', async () => {
    const dataset = await demoDatasetJson();
    dataset.conversations[5]!.divisionIds = ['nowhere'];
    dataset.externalContacts[0]!.division = { id: 'nowhere' };
    expect(validateDataset(dataset).map((i) => i.path)).toEqual(['/externalContacts/0/division/id', '/conversations/5/divisionIds/0']);
  });

  it('when a contact merge field names an unknown contact or ids repeat, then the dataset is refused', async () => {
    const dataset = await demoDatasetJson();
    const merged = dataset.externalContacts.findIndex((c) => c.mergedTo);
    dataset.externalContacts[merged]!.mergedTo = { id: 'gone' };
    dataset.conversations.push(dataset.conversations[0]!);
    const paths = validateDataset(dataset).map((i) => i.path);
    expect(paths).toContain(`/externalContacts/${merged}/mergedTo/id`);
    expect(paths).toContain(`/conversations/${dataset.conversations.length - 1}/conversationId`);
  });

  it('when truth names a conversation that does not exist, then the dataset is refused at that truth key', async () => {
    const dataset = await demoDatasetJson();
    dataset.truth['a/b~c'] = 'someone';
    expect(datasetRefusal(dataset).path).toBe('/truth/a~1b~0c');
  });

  it('when a participant links a contact that is not in the dataset, then it is accepted as an expired ephemeral contact (§3.1)', async () => {
    const dataset = await demoDatasetJson();
    dataset.conversations[0]!.participants[0]!.externalContactId = 'expired-ephemeral-contact';
    expect(validateDataset(dataset)).toEqual([]);
  });

  it('when the generator adds an evidence map, then it is accepted; when it names an unknown conversation, then it is refused', async () => {
    const dataset = (await demoDatasetJson()) as Dataset & { evidence: Record<string, string | null> };
    dataset.evidence = { [dataset.conversations[0]!.conversationId]: 'group-1', [dataset.conversations[1]!.conversationId]: null };
    expect(validateDataset(dataset)).toEqual([]);
    dataset.evidence.unknown = 'group-2';
    expect(datasetRefusal(dataset).path).toBe('/evidence/unknown');
  });

  it('when a file is loaded, then the element-by-element reader gives exactly what JSON.parse gives (escapes, brackets in strings, non-ASCII)', async () => {
    const dataset = await demoDatasetJson();
    dataset.users[0]!.name = 'Zoë "Z" O\'Brien [ops] {east}, \\ team ✓';
    dataset.externalContacts[0]!.customFields = { note: 'a } tricky ] value, with "quotes"', nested: { list: [1, [2, { x: '3' }]] } };
    const dir = await mkdtemp(join(tmpdir(), 'emulator-dataset-'));
    for (const [name, text] of [['pretty.json', `\uFEFF${JSON.stringify(dataset, null, 2)}\n`], ['compact.json', JSON.stringify(dataset)]] as const) {
      const file = join(dir, name);
      await writeFile(file, text);
      expect(await loadDataset(file)).toEqual(dataset);
    }
  });

  it('when a file is cut off inside an array or is not an object, then loading rejects at the root', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-dataset-'));
    const text = JSON.stringify(await demoDatasetJson());
    for (const [name, body] of [['cut.json', text.slice(0, text.indexOf('"conversations"') + 200)], ['array.json', '[1, 2]'], ['trailing.json', `${text} {}`]]) {
      const file = join(dir, name!);
      await writeFile(file, body!);
      await expect(loadDataset(file)).rejects.toMatchObject({ name: 'DatasetError', path: '' });
    }
  });

  it('when a file is not JSON, then loading rejects with a DatasetError at the root', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-dataset-'));
    const file = join(dir, 'broken.json');
    await writeFile(file, '{"org": ');
    await expect(loadDataset(file)).rejects.toMatchObject({ name: 'DatasetError', path: '' });
  });
});

describe('demo identities (DEMO_IDS) agree with the demo dataset', () => {
  it('when DEMO_IDS names a conversation or contact, then the demo dataset holds it', async () => {
    const dataset = await demoDatasetJson();
    const conversations = new Set([...dataset.conversations.map((c) => c.conversationId), ...dataset.purged]);
    for (const id of Object.values(DEMO_IDS.conversations)) expect(conversations.has(id)).toBe(true);
    const contacts = new Set(dataset.externalContacts.map((c) => c.id));
    for (const id of Object.values(DEMO_IDS.contacts)) expect(contacts.has(id)).toBe(true);
    expect(dataset.purged).toEqual([DEMO_IDS.conversations.mohammedPurgedCall]);
  });
});
