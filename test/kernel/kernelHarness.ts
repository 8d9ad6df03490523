// Real kernel processes for tests: src/kernel/main.ts run through tsx (no build needed), cpu
// backend unless asked otherwise, and a recorder of everything one execution produced.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KernelProcess, type ExecutionResult, type KernelProcessOptions } from '../../src/host';
import type { DisplayOutput } from '../../src/protocol/outputs';

export const ROOT = path.resolve(__dirname, '../..');
export const KERNEL_SOURCE = path.join(ROOT, 'src/kernel/main.ts');
/** `--import tsx` resolves from the kernel's cwd; an absolute URL works from any notebook folder. */
export const TSX_IMPORT = ['--import', pathToFileURL(createRequire(__filename).resolve('tsx')).href];

export function sourceKernel(options: Partial<KernelProcessOptions> = {}): KernelProcess {
  return new KernelProcess({
    kernelPath: KERNEL_SOURCE,
    execArgv: TSX_IMPORT,
    cwd: ROOT,
    backend: 'cpu',
    ...options,
    ...(options.execArgv ? { execArgv: [...TSX_IMPORT, ...options.execArgv] } : {}),
  });
}

export interface Recorded extends ExecutionResult {
  stdout: string;
  stderr: string;
  /** Outputs as the host would hold them: updates replace the output with the same displayId. */
  outputs: DisplayOutput[];
  /** Every display message in arrival order, with its update flag. */
  displays: { output: DisplayOutput; update: boolean }[];
}

/** Runs `code`, recording what it shows; `watch` sees each display as it arrives. */
export async function run(
  kernel: KernelProcess,
  code: string,
  watch?: (output: DisplayOutput) => void,
): Promise<Recorded> {
  let stdout = '';
  let stderr = '';
  const outputs: DisplayOutput[] = [];
  const displays: Recorded['displays'] = [];
  const result = await kernel.execute(code, {
    onStream: (name, text) => (name === 'stdout' ? (stdout += text) : (stderr += text)),
    onDisplay: (output, update) => {
      displays.push({ output, update });
      watch?.(output);
      const at = update ? outputs.findIndex((o) => o.displayId !== undefined && o.displayId === output.displayId) : -1;
      if (at >= 0) outputs[at] = output;
      else outputs.push(output);
    },
  });
  return { ...result, stdout, stderr, outputs, displays };
}

export function text(output: DisplayOutput | undefined, mime = 'text/plain'): string | undefined {
  const item = output?.items.find((i) => i.mime === mime);
  return item ? new TextDecoder().decode(item.data) : undefined;
}

export function mimes(output: DisplayOutput | undefined): string[] {
  return output?.items.map((i) => i.mime) ?? [];
}
