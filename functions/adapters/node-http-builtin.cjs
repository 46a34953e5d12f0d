/*
 * node:http for the Lambda bundles (esbuild aliases `node:http` and `http` here: LAMBDA_ALIASES in
 * lib/constructs/feedbridge-function.ts). On Node 24 an ESM `import ... from 'node:http'` builds
 * the module's ESM facade, which reads every export, and node:http's lazy WebSocket exports load
 * undici (and http2 with it) at import: 114 internal modules instead of 38, the largest single cost
 * in the status bundle's import profile (docs/benchmarks.md, "Bundles"). The SDK's HTTP handler
 * imports node:http that way. The CommonJS module object has no facade, and the bundle's interop
 * reads its exports only when used. process.getBuiltinModule names no import path, so this file is
 * not aliased to itself.
 */
module.exports = process.getBuiltinModule('node:http');
