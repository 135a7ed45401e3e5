import { DEMO_IDS } from '../dataset/demo-ids.js';
import type { Dataset } from '../dataset/types.js';
import { asciiName } from './emails.js';
import { localeOf } from './locales.js';
import type { GeneratorParams } from './params.js';
import { drawPhone, type DrawnPhone, type DrawnPhones } from './phones.js';
import type { Random } from './random.js';

/** An ACD queue of the org. */
export interface Queue {
  id: string;
  name: string;
  divisionId: string;
}

/** An agent (a user who handles interactions). */
export interface Agent {
  id: string;
  name: string;
  divisionId: string;
}

/** The contact centre: its identities (the demo org's, so generated data works in demo mode), numbers, queues and agents. */
export interface OrgSetup {
  org: Dataset['org'];
  divisions: Dataset['divisions'];
  roles: Dataset['roles'];
  users: Dataset['users'];
  oauthClients: Dataset['oauthClients'];
  mainLine: DrawnPhone;
  salesLine: DrawnPhone;
  smsNumber: DrawnPhone;
  whatsappNumber: DrawnPhone;
  supportEmail: string;
  salesEmail: string;
  webDeploymentId: string;
  ivrFlowName: string;
  messageFlowName: string;
  /** Queues per division index (0 home, 1 second) and purpose. */
  queues: Record<0 | 1, { voice: Queue; sales: Queue; email: Queue; messaging: Queue; escalation: Queue }>;
  /** Agents per division index. */
  agents: Record<0 | 1, Agent[]>;
  /** The demo's merge agent (Alex), who handles a share of interactions and the active ones. */
  demoAgent: Agent;
  wrapUpCodes: string[];
}

const VIEW = DEMO_IDS.permissions.view;
const ADMIN = DEMO_IDS.permissions.admin;
const MERGE_AGENT_PERMISSIONS = [
  VIEW, 'analytics:conversationDetail:view', 'conversation:communication:view',
  'externalContacts:contact:view', 'externalContacts:identity:merge', 'externalContacts:conversation:associate',
  'externalContacts:session:view',
];

/** Builds the org: demo identities, roles, OAuth clients, the org's numbers, queues and agents. */
export function buildOrg(random: Random, params: GeneratorParams, usedPhones: DrawnPhones): OrgSetup {
  const locale = localeOf(params.country);
  const domain = 'demo-contact-centre.example';
  const home = DEMO_IDS.divisions.home;
  const second = DEMO_IDS.divisions.emea;
  const queue = (name: string, divisionId: string): Queue => ({ id: random.uuid(), name, divisionId });

  const agentCount = Math.min(300, Math.max(8, Math.round(params.customers / 40)));
  const agents: Record<0 | 1, Agent[]> = { 0: [], 1: [] };
  const users: Dataset['users'] = [
    { id: DEMO_IDS.users.mergeAgent, name: 'Alex Agent', email: `alex.agent@${domain}`, roleIds: [DEMO_IDS.roles.mergeAgent], divisionId: home },
    { id: DEMO_IDS.users.viewAgent, name: 'Val Viewer', email: `val.viewer@${domain}`, roleIds: [DEMO_IDS.roles.viewAgent], divisionId: home },
    { id: DEMO_IDS.users.admin, name: 'Ada Admin', email: `ada.admin@${domain}`, roleIds: [DEMO_IDS.roles.admin, DEMO_IDS.roles.mergeAgent], divisionId: home },
    { id: DEMO_IDS.users.plainAgent, name: 'Pat Plain', email: `pat.plain@${domain}`, roleIds: [DEMO_IDS.roles.plainAgent], divisionId: home },
  ];
  const takenUserMail = new Set(users.map((u) => u.email));
  for (let i = 0; i < agentCount; i++) {
    const first = random.pick(random.chance(0.5) ? locale.femaleNames : locale.maleNames);
    const last = random.pick(locale.lastNames);
    let email = `${asciiName(first)}.${asciiName(last)}@${domain}`;
    for (let n = 2; takenUserMail.has(email); n++) email = `${asciiName(first)}.${asciiName(last)}${n}@${domain}`;
    takenUserMail.add(email);
    const division: 0 | 1 = i % 5 === 4 ? 1 : 0;
    const divisionId = division === 0 ? home : second;
    const role = random.weighted([[DEMO_IDS.roles.mergeAgent, 70], [DEMO_IDS.roles.viewAgent, 15], [DEMO_IDS.roles.plainAgent, 15]] as const);
    const agent = { id: random.uuid(), name: `${first} ${last}`, divisionId };
    agents[division].push(agent);
    users.push({ id: agent.id, name: agent.name, email, roleIds: [role], divisionId });
  }

  return {
    org: {
      id: DEMO_IDS.orgId,
      name: DEMO_IDS.orgName,
      defaultCountry: params.country,
      analyticsRetentionDays: params.analyticsRetentionDays,
    },
    divisions: [{ id: home, name: 'Home' }, { id: second, name: 'EMEA' }],
    roles: [
      { id: DEMO_IDS.roles.mergeAgent, name: 'Interaction Merger Agent', permissions: MERGE_AGENT_PERMISSIONS },
      { id: DEMO_IDS.roles.viewAgent, name: 'Interaction Merger Viewer', permissions: [VIEW, 'analytics:conversationDetail:view', 'conversation:communication:view', 'externalContacts:contact:view'] },
      {
        id: DEMO_IDS.roles.admin,
        name: 'Interaction Merger Admin',
        permissions: [ADMIN, VIEW, 'authorization:role:view', 'authorization:role:add', 'authorization:role:edit',
          'authorization:role:delete', 'oauth:client:view', 'oauth:client:add', 'oauth:client:edit', 'oauth:client:delete',
          'integrations:integration:view', 'integrations:integration:add', 'integrations:integration:edit',
          'integrations:integration:delete', 'analytics:dataRetention:view'],
      },
      {
        id: DEMO_IDS.roles.backend,
        name: 'Interaction Merger Backend',
        permissions: ['conversation:communication:view', 'analytics:conversationDetail:view', 'analytics:dataRetention:view',
          'externalContacts:contact:view', 'externalContacts:contact:edit', 'externalContacts:identity:merge',
          'externalContacts:conversation:associate', 'externalContacts:session:view'],
      },
      { id: DEMO_IDS.roles.plainAgent, name: 'Agent', permissions: ['conversation:communication:view'] },
    ],
    users,
    oauthClients: [
      { id: DEMO_IDS.clients.backend.id, name: 'Interaction Merger backend', secret: DEMO_IDS.clients.backend.secret, authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [DEMO_IDS.roles.backend], registeredRedirectUri: [] },
      { id: DEMO_IDS.clients.widget.id, name: 'Interaction Merger widget', authorizedGrantType: 'CODE', roleIds: [], registeredRedirectUri: ['http://localhost:3000/widget', 'http://127.0.0.1:3000/widget'] },
      { id: DEMO_IDS.clients.adminCli.id, name: 'Interaction Merger admin CLI', secret: DEMO_IDS.clients.adminCli.secret, authorizedGrantType: 'CLIENT-CREDENTIALS', roleIds: [DEMO_IDS.roles.admin], registeredRedirectUri: [] },
    ],
    mainLine: drawPhone(random, locale, 'landline', usedPhones),
    salesLine: drawPhone(random, locale, 'landline', usedPhones),
    smsNumber: drawPhone(random, locale, params.country === 'US' ? 'landline' : 'mobile', usedPhones),
    whatsappNumber: drawPhone(random, locale, 'mobile', usedPhones),
    supportEmail: `support@${domain}`,
    salesEmail: `sales@${domain}`,
    webDeploymentId: random.uuid(),
    ivrFlowName: 'Main IVR',
    messageFlowName: 'Inbound Messaging',
    queues: {
      0: { voice: queue('Customer Service', home), sales: queue('Sales', home), email: queue('Email Support', home), messaging: queue('Messaging', home), escalation: queue('Escalations', home) },
      1: { voice: queue('EMEA Customer Service', second), sales: queue('EMEA Sales', second), email: queue('EMEA Email', second), messaging: queue('EMEA Messaging', second), escalation: queue('EMEA Escalations', second) },
    },
    agents,
    demoAgent: { id: DEMO_IDS.users.mergeAgent, name: 'Alex Agent', divisionId: home },
    wrapUpCodes: Array.from({ length: 6 }, () => random.uuid()),
  };
}
