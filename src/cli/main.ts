/**
 * Entry of the `look-twice` command (dist/cli.js, the package's bin). Runs the kernel built next to
 * it (dist/kernel.js), or src/kernel/main.ts through tsx when itself run from source (tests).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, USAGE } from './args';
import { runNotebook, type KernelEntry } from './runNotebook';
import { assertNever } from '../protocol/assertNever';

function kernelEntry(): KernelEntry {
  if (!__filename.endsWith('.ts')) return { kernelPath: path.join(__dirname, 'kernel.js') };
  const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
  return { kernelPath: path.join(__dirname, '../kernel/main.ts'), execArgv: ['--import', tsx] };
}

async function main(argv: string[]): Promise<number> {
  const command = parseArgs(argv);
  switch (command.command) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'error':
      process.stderr.write(`look-twice: ${command.message}\n\n${USAGE}`);
      return 2;
    case 'run':
      try {
        const report = await runNotebook(command, kernelEntry(), (line) => process.stdout.write(`${line}\n`));
        return report.failed ? 1 : 0;
      } catch (error) {
        process.stderr.write(`look-twice: ${(error as Error).message}\n`);
        return 2;
      }
    default:
      return assertNever(command, 'command');
  }
}


void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
