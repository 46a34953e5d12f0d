import { build } from 'esbuild';
import { BUNDLING, LAMBDA_ALIASES, projectPath } from '../lib/constructs/feedbridge-function.ts';
const name = process.argv[2] ?? 'sync-worker';
const r = await build({ metafile: true, entryPoints: [projectPath(`functions/${name}.ts`)], outfile: `/tmp/rp/m-${name}.mjs`, bundle: true, platform: 'node', format: 'esm', target: 'node24', mainFields: ['module','main'], minify: true, alias: { ...LAMBDA_ALIASES }, banner: { js: BUNDLING.banner ?? '' }, logLevel: 'silent' });
const out = Object.values(r.metafile.outputs).find((o) => o.entryPoint)!;
const t = new Map<string, number>();
for (const [p, i] of Object.entries(out.inputs)) { const at = p.lastIndexOf('node_modules/'); const k = at < 0 ? '(own) ' + p.split('/').slice(0, 3).join('/') : (() => { const s = p.slice(at + 13).split('/'); return s[0].startsWith('@') ? s[0] + '/' + s[1] : s[0]; })(); t.set(k, (t.get(k) ?? 0) + i.bytesInOutput); }
console.log(out.bytes);
for (const [k, v] of [...t].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(String(v).padStart(8), k);
