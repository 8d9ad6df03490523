/**
 * VS Code's answer to a cell's `await input()`: an input box (masked for a password) that stays open
 * when the focus moves, so the person can look at the notebook before answering, and closes when the
 * cell ends first (interrupted, restarted). Dismissing it (Escape) is an answer too: the cell gets an
 * error saying so, rather than an empty string it cannot tell from a typed one.
 */
import * as vscode from 'vscode';
import type { InputRequest } from '../protocol/userInput';

export async function askInputBox(request: InputRequest, cancelled: AbortSignal, cellLabel: string): Promise<string> {
  const closing = new vscode.CancellationTokenSource();
  const close = (): void => closing.cancel();
  cancelled.addEventListener('abort', close, { once: true });
  try {
    const value = await vscode.window.showInputBox(
      {
        title: `Look Twice: ${cellLabel} asks`,
        prompt: request.prompt || 'The cell awaits input()',
        password: request.password,
        ignoreFocusOut: true,
      },
      closing.token,
    );
    if (value === undefined)
      throw new Error(cancelled.aborted ? 'the cell ended before the answer' : 'the input box was dismissed');
    return value;
  } finally {
    cancelled.removeEventListener('abort', close);
    closing.dispose();
  }
}
