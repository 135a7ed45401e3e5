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
  },
  /** The premium app's permissions (manifest). */
  permissions: {
    view: 'integration:interactionMerger:view',
    admin: 'integration:interactionMerger:admin',
  },
});
