export { createEmulator } from './create-emulator.js';
export type { Emulator } from './create-emulator.js';
export { startEmulator } from './start.js';
export type { RunningEmulator } from './start.js';
