#!/usr/bin/env node
// The `interaction-merger` CLI, without a build step: tsx compiles the TypeScript entry on load.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli/main.ts');
