#!/usr/bin/env node
// `npm start` entry: scripts/start.ts run through tsx (no build step), like bin/adafolio.js.
import { register } from 'tsx/esm/api';

register();
await import('./start.ts');
