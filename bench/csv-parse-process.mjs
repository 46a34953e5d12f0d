// The whole-process floor for `npm run bench`: a node process that only streams a CSV file
// through csv-parse and counts the records, with nothing validated, transformed or written.
// Plain JavaScript run by plain node, as the built CLI is, so both pay the same start-up.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const [file] = process.argv.slice(2);
let records = 0;
// The bench's files use "," (English headers) or ";" (French): csv-parse picks the one it finds.
for await (const _record of createReadStream(file).pipe(
  parse({ delimiter: [',', ';'], relax_quotes: true }),
)) {
  records += 1;
}
process.stdout.write(`${records}\n`);
