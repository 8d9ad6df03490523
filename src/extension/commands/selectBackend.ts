/**
 * Command "Look Twice: Select Backend": pick node (tfjs-node), wasm or cpu (or auto), persisted as the
 * lookTwice.backend setting. A kernel picks its backend when it starts, so running kernels keep theirs until
 * restarted; the command offers that restart (it loses the kernels' state, so it asks).
 * Called with a backend name as argument (tests, keybindings) it sets it without the picker.
 */
import * as vscode from 'vscode';
import { BACKEND_CHOICES, backendSetting, updateBackendSetting, type BackendSetting } from '../settings';
import { explainUntrusted, isTrusted } from '../workspaceTrust';

export const SELECT_BACKEND_COMMAND = 'lookTwice.selectBackend';

const DETAILS: Record<BackendSetting, string> = {
  auto: 'The fastest that loads: node, else wasm, else cpu',
  node: 'TensorFlow C library (@tensorflow/tfjs-node): fastest, needs the native package',
  wasm: 'WebAssembly, XNNPACK + SIMD: no native install needed',
  cpu: 'Plain JavaScript: always works, very slow',
};

export interface RunningKernels {
  /** How many kernels run now. */
  count(): number;
  restartAll(): Promise<void>;
}

export function registerSelectBackendCommand(kernels: RunningKernels): vscode.Disposable {
  return vscode.commands.registerCommand(SELECT_BACKEND_COMMAND, async (argument?: unknown): Promise<BackendSetting | undefined> => {
    let choice: BackendSetting | undefined;
    if (typeof argument === 'string') {
      if (!(BACKEND_CHOICES as readonly string[]).includes(argument)) {
        throw new Error(`lookTwice.selectBackend: backend must be one of ${BACKEND_CHOICES.join(', ')}; got '${argument}'`);
      }
      choice = argument as BackendSetting;
    } else {
      const current = backendSetting();
      const picked = await vscode.window.showQuickPick(
        BACKEND_CHOICES.map((name) => ({ label: name, description: name === current ? '(current)' : undefined, detail: DETAILS[name], name })),
        { title: 'Look Twice: TensorFlow.js backend for notebook kernels', placeHolder: `Current: ${current}` },
      );
      choice = picked?.name;
    }
    if (!choice) return undefined;
    await updateBackendSetting(choice);
    const running = kernels.count();
    if (running > 0 && typeof argument !== 'string') {
      void vscode.window.showInformationMessage(
        `Look Twice backend set to '${choice}'. ${running} running kernel${running > 1 ? 's keep' : ' keeps'} the old backend until restarted (restarting loses kernel state).`,
        'Restart Kernels',
      ).then((action) => {
        if (!action) return undefined;
        if (!isTrusted()) return explainUntrusted();
        return kernels.restartAll();
      });
    }
    return choice;
  });
}
