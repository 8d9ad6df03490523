/**
 * Command "Look Twice: Select Backend": pick node (tfjs-node), wasm or cpu (or auto), persisted as the
 * lookTwice.backend setting. Running kernels then restart with it (NotebookKernels listens to the setting,
 * however it changes; their state is lost). Called with a backend name as argument (tests, keybindings) it
 * sets it without the picker.
 */
import * as vscode from 'vscode';
import { BACKEND_SETTING_VALUES, backendSetting, updateBackendSetting, type BackendSetting } from '../settings';

export const SELECT_BACKEND_COMMAND = 'lookTwice.selectBackend';

const DETAILS: Record<BackendSetting, string> = {
  auto: 'The fastest that loads: node, else wasm, else cpu',
  node: 'TensorFlow C library (@tensorflow/tfjs-node): fastest, needs the native package',
  wasm: 'WebAssembly, XNNPACK + SIMD: no native install needed',
  cpu: 'Plain JavaScript: always works, very slow',
};

export function registerSelectBackendCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(
    SELECT_BACKEND_COMMAND,
    async (argument?: unknown): Promise<BackendSetting | undefined> => {
      let choice: BackendSetting | undefined;
      if (typeof argument === 'string') {
        if (!(BACKEND_SETTING_VALUES as readonly string[]).includes(argument)) {
          throw new Error(
            `lookTwice.selectBackend: backend must be one of ${BACKEND_SETTING_VALUES.join(', ')}; got '${argument}'`,
          );
        }
        choice = argument as BackendSetting;
      } else {
        const current = backendSetting();
        const picked = await vscode.window.showQuickPick(
          BACKEND_SETTING_VALUES.map((name) => ({
            label: name,
            description: name === current ? '(current)' : undefined,
            detail: DETAILS[name],
            name,
          })),
          { title: 'Look Twice: TensorFlow.js backend for notebook kernels', placeHolder: `Current: ${current}` },
        );
        choice = picked?.name;
      }
      if (!choice) return undefined;
      await updateBackendSetting(choice);
      return choice;
    },
  );
}
