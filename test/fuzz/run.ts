// `npm run fuzz [-- --cases N] [--seed S] [--only a,b] [--json FILE]`: the long run of every fuzz
// target (default 10,000 cases each), a table of cases, clean errors and failures, exit 1 on any failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runTarget, type TargetReport } from './fuzzTarget';
import { makeTarget, TARGET_NAMES, type TargetName } from './targets';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '12' },
    only: { type: 'string' },
    json: { type: 'string', default: 'test-results/fuzz.json' },
  },
});
const names = (values.only ? values.only.split(',') : [...TARGET_NAMES]) as TargetName[];
const reports: (TargetReport & { seconds: number })[] = [];

async function main(): Promise<void> {
  for (const name of names) {
    const started = performance.now();
    const report = await runTarget(await makeTarget(name), Number(values.cases), Number(values.seed));
    reports.push({ ...report, seconds: (performance.now() - started) / 1000 });
    const last = reports[reports.length - 1];
    console.log(
      `${last.target.padEnd(44)} cases ${String(last.cases).padStart(6)}  ok ${String(last.ok).padStart(6)}  clean errors ${String(last.clean).padStart(6)}  failures ${String(last.failures).padStart(6)}  (${last.seconds.toFixed(0)} s)`,
    );
    for (const example of last.examples) console.log(`    ${example}`);
  }
  mkdirSync(dirname(values.json), { recursive: true });
  writeFileSync(values.json, `${JSON.stringify(reports, null, 1)}\n`);
  process.exitCode = reports.some((r) => r.failures > 0) ? 1 : 0;
}

void main();
