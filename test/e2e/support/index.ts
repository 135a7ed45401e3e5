export { emulatorRequests, PEOPLE, resetEmulator, setEmulatorFaults, startDemoServer } from './demo-server.js';
export type { DemoServer, StartDemoServerOptions } from './demo-server.js';
export {
  auditWidget, candidateCheckbox, desktopUrl, focusedInWidget, listedCandidates, openDesktop, screenshotPath, searchFor, signInAs,
} from './desktop.js';
export type { Desktop, DesktopOptions, ScreenAudit } from './desktop.js';
