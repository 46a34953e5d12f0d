#!/usr/bin/env node
// The CLI is TypeScript run through tsx (TypeScript 7 has no JS API for ts-node); this shim
// lets `npx feedbridge` and the package `bin` work without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
