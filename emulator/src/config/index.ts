export { DEFAULT_BEHAVIOUR, DEFAULT_LIMITS } from './options.js';
export type { EmulatorBehaviour, EmulatorClock, EmulatorLimits, EmulatorOptions } from './options.js';
