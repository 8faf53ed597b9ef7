#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx adafolio` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
await import(main);
