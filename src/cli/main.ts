/**
 * Entry of the `look-twice` command (dist/cli.js, the package's bin). Runs the kernel built next to
 * it (dist/kernel.js), or src/kernel/main.ts through tsx when itself run from source (tests).
 */
import { readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import * as path from 'node:path';
import { readConnectionFile } from '../jupyter/connectionFile';
import { JupyterKernel } from '../jupyter/jupyterKernel';
import { installKernelspec, removeKernelspec } from '../jupyter/kernelspec';
import { parseArgs, USAGE, type JupyterCommand } from './args';
import { cliCommand, kernelEntry, PACKAGE_ROOT } from './kernelEntry';
import { runNotebook } from './runNotebook';
import { assertNever } from '../protocol/assertNever';

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
        if (report.stoppedBy) return 128 + osConstants.signals[report.stoppedBy];
        return report.failed ? 1 : 0;
      } catch (error) {
        process.stderr.write(`look-twice: ${(error as Error).message}\n`);
        return 2;
      }
    case 'kernel-install':
    case 'kernel-remove':
      try {
        const target = {
          ...(command.prefix ? { prefix: command.prefix } : {}),
          ...(command.name ? { name: command.name } : {}),
        };
        if (command.command === 'kernel-remove') {
          process.stdout.write(`removed the kernelspec ${removeKernelspec(target)}\n`);
        } else {
          const dir = installKernelspec({
            ...target,
            command: cliCommand(),
            logos: path.join(PACKAGE_ROOT, 'media', 'jupyter'),
          });
          process.stdout.write(`installed the kernelspec "Look Twice (TypeScript)" in ${dir}\n`);
        }
        return 0;
      } catch (error) {
        process.stderr.write(`look-twice: ${(error as Error).message}\n`);
        return 2;
      }
    case 'jupyter':
      return serveJupyter(command);
    default:
      return assertNever(command, 'command');
  }
}

/** Runs until Jupyter shuts the kernel down (exit 0) or the kernel process dies (exit 1). */
async function serveJupyter(command: JupyterCommand): Promise<number> {
  const log = (text: string): boolean => process.stderr.write(text);
  try {
    const connection = readConnectionFile(command.connectionFile);
    const version = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
    const kernel = new JupyterKernel({
      connection,
      kernel: { ...kernelEntry(), cwd: process.cwd(), ...(command.backend ? { backend: command.backend } : {}) },
      implementationVersion: version,
      libraryTypes: { typesDir: path.join(PACKAGE_ROOT, 'dist', 'types'), packagesDir: PACKAGE_ROOT },
      log,
      exit: (code) => process.exit(code),
    });
    // Interrupts come as messages (interrupt_mode 'message'); a terminal's Ctrl-C must not end the kernel.
    process.on('SIGINT', () => undefined);
    await kernel.start();
    return new Promise<number>(() => undefined);
  } catch (error) {
    log(`look-twice jupyter: ${(error as Error).message}\n`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
