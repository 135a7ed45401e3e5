/**
 * Fixed identities of the demo dataset (`emulator/data/demo-dataset.json`), so the server's demo
 * mode, the harness and the tests can refer to them by name. The dataset file must agree.
 */
export const DEMO_IDS = Object.freeze({
  orgId: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e0001',
  orgName: 'Demo Contact Centre',
  divisions: { home: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0ed001', emea: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0ed002' },
  roles: {
    /** Uses the app and merges: the premium app's view permission plus what merging needs. */
    mergeAgent: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e1001',
    /** Uses the app and sees candidates, but may not merge. */
    viewAgent: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e1002',
    /** Administers the app (integration:interactionMerger:admin) and may provision it. */
    admin: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e1003',
    /** The backend's client-credentials role (DESIGN.md "The backend's own role"). */
    backend: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e1004',
    /** An ordinary agent with no access to the app at all. */
    plainAgent: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e1005',
  },
  users: {
    /** Alex Agent: mergeAgent role. */
    mergeAgent: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e2001',
    /** Val Viewer: viewAgent role (no merge permission). */
    viewAgent: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e2002',
    /** Ada Admin: admin + mergeAgent roles. */
    admin: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e2003',
    /** Pat Plain: plainAgent role (no app permission). */
    plainAgent: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e2004',
  },
  clients: {
    backend: { id: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e3001', secret: 'demo-backend-secret-not-for-production' },
    /** CODE grant, public (PKCE), redirect URIs `http://localhost:3000/widget` and `http://127.0.0.1:3000/widget`. */
    widget: { id: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e3002' },
    /** An admin's client-credentials client with the admin role (for provisioning without a browser). */
    adminCli: { id: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e3003', secret: 'demo-admin-cli-secret-not-for-production' },
    /**
     * The premium app's installer (a vendor OAuth client listed on the premium type): CODE grant,
     * public (PKCE), loopback redirect `http://127.0.0.1:17863/callback` (any loopback port matches).
     */
    installer: { id: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e3004' },
  },
  /** The premium app's integration type (Genesys creates it when an org buys the app; the manifest names it). */
  integrationTypes: { premium: 'premium-app-interaction-merger' },
  /** Enabled products (`GET /api/v2/authorization/products`): the premium app's own product. */
  products: { premium: 'interactionMerger' },
  /** Demo conversations by story (who's who: `emulator/data/README.md`). */
  conversations: {
    /** Jane Doe called (voice), web-messaged, then emailed; all linked to her identified contact. */
    janeCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4001',
    janeWebMessage: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4002',
    janeEmail: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4003',
    /** The one active conversation: Jane calling now, linked to a fresh ephemeral contact. The demo's "current interaction". */
    janeActiveCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4004',
    /** Carlos Rivera: one ephemeral contact per channel, same mobile number everywhere. */
    carlosWhatsApp: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4011',
    carlosSms: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4012',
    carlosCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4013',
    carlosWhatsAppRecent: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4014',
    /** The Bakers' shared landline: Tom's and Linda's conversations. */
    tomLandlineCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4021',
    tomEmail: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4022',
    /** A landline call linked to no contact: ambiguous (Tom, by the truth). */
    landlineCallUnlinked: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4023',
    lindaLandlineCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4024',
    lindaWhatsApp: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4025',
    lindaSms: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4026',
    /** Priya Patel: contacts already merged before the demo starts. */
    priyaEmail: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4031',
    priyaSms: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4032',
    priyaCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4033',
    /** Mohammed Al-Sayed: a call older than the org's retention, and a purged call (404). */
    mohammedOldCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4041',
    mohammedPurgedCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4042',
    mohammedEmail: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4043',
    mohammedWebMessage: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4044',
    /** Emma Schmidt: everything in the EMEA division, UK number. */
    emmaCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4051',
    emmaEmail: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4052',
    emmaWhatsApp: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e4053',
  },
  /** Demo external contacts. */
  contacts: {
    jane: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5001',
    janeCallEphemeral: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5002',
    carlosWhatsApp: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5011',
    carlosSms: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5012',
    carlosCall: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5013',
    tom: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5021',
    linda: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5022',
    /** Merged away into `priya`. */
    priyaEmail: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5031',
    /** Merged away into `priya`. */
    priyaSms: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5032',
    /** Canonical contact of Priya's merge set. */
    priya: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5033',
    mohammed: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5041',
    emma: '7a1f0c1e-5b0e-4c9a-9a51-0d3f6c0e5051',
  },
  /**
   * HTTP Basic credentials of the emulator's carrier line-type lookup (a Twilio Lookup v2 stand-in
   * at `<emulator url>/twilio-lookups`): a Twilio account SID and auth token, fixed for the demo.
   */
  lineTypeLookup: { accountSid: 'AC00000000000000000000000000de0000', authToken: 'demo-lookup-token-not-for-production' },
  /** The premium app's permissions (manifest). */
  permissions: {
    view: 'integration:interactionMerger:view',
    admin: 'integration:interactionMerger:admin',
  },
});
