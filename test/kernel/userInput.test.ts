// `await input(prompt?, { password })` in real kernel processes through the host's KernelProcess:
// the front end's onInput answers (or says why it cannot), the prompt follows the cell's earlier
// output, and an interrupt while waiting ends the cell at once with state kept and the prompt closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelProcess } from '../../src/host';
import type { InputRequest } from '../../src/protocol/userInput';
import { sourceKernel } from './kernelHarness';

/** Runs `code` with `onInput`, recording stdout and what was asked (with the stdout printed before it). */
async function runAsking(
  kernel: KernelProcess,
  code: string,
  onInput?: (request: InputRequest, cancelled: AbortSignal) => Promise<string>,
) {
  let stdout = '';
  const asked: { request: InputRequest; printedBefore: string }[] = [];
  const result = await kernel.execute(code, {
    onStream: (name, text) => {
      if (name === 'stdout') stdout += text;
    },
    ...(onInput
      ? {
          onInput: (request: InputRequest, cancelled: AbortSignal) => {
            asked.push({ request, printedBefore: stdout });
            return onInput(request, cancelled);
          },
        }
      : {}),
  });
  return { result, stdout, asked };
}

const answered: { name: string; code: string; request: InputRequest; reply: string; stdout: string }[] = [
  {
    name: 'a prompt and an answer',
    code: 'console.log("before")\nconst who = await input("Who? ")\nconsole.log(`hi ${who}`)',
    request: { prompt: 'Who? ', password: false },
    reply: 'Ada',
    stdout: 'before\nhi Ada\n',
  },
  {
    name: 'a password',
    code: 'const secret = await input("Key: ", { password: true })\nconsole.log(secret.length)',
    request: { prompt: 'Key: ', password: true },
    reply: 'hunter2',
    stdout: '7\n',
  },
  {
    name: 'no prompt, an empty answer',
    code: 'console.log(JSON.stringify(await input()))',
    request: { prompt: '', password: false },
    reply: '',
    stdout: '""\n',
  },
  {
    name: 'from the look-twice module',
    code: 'import { input as ask } from "look-twice"\nconsole.log((await ask("n? ")).toUpperCase())',
    request: { prompt: 'n? ', password: false },
    reply: 'ok',
    stdout: 'OK\n',
  },
];

test('input: the front end answers, the cell continues with the text, the prompt comes after earlier output', async () => {
  const kernel = sourceKernel();
  try {
    for (const c of answered) {
      const { result, stdout, asked } = await runAsking(kernel, c.code, async () => c.reply);
      assert.equal(result.status, 'ok', `${c.name}: ${JSON.stringify(result.error)}`);
      assert.deepEqual(
        asked.map((a) => a.request),
        [c.request],
        c.name,
      );
      assert.equal(stdout, c.stdout, c.name);
      if (c.stdout.startsWith('before'))
        assert.equal(asked[0].printedBefore, 'before\n', 'the prompt follows what the cell printed');
    }
  } finally {
    await kernel.shutdown();
  }
});

test('input: without a way to answer, or when the front end refuses, the cell gets InputUnavailable with the reason; state is kept', async () => {
  const kernel = sourceKernel();
  try {
    assert.equal((await runAsking(kernel, 'const kept = 41')).result.status, 'ok');
    const none = await runAsking(kernel, 'await input("x? ")');
    assert.equal(none.result.status, 'error');
    assert.equal(none.result.error?.name, 'InputUnavailable');
    assert.match(none.result.error?.message ?? '', /this front end does not take input/);

    const refused = await runAsking(
      kernel,
      'try { await input("x? ") } catch (e) { console.log(`${(e as Error).name}: ${(e as Error).message}`) }\nkept + 1',
      async () => {
        throw new Error('the input box was dismissed');
      },
    );
    assert.equal(refused.result.status, 'ok', 'a cell can catch it');
    assert.equal(refused.stdout, 'InputUnavailable: the input box was dismissed\n');

    const badPrompt = await runAsking(kernel, 'await input(42 as unknown as string)', async () => 'never asked');
    assert.equal(badPrompt.result.error?.name, 'TypeError');
    assert.equal(badPrompt.asked.length, 0);
  } finally {
    await kernel.shutdown();
  }
});

test('input: an interrupt while waiting ends the cell as interrupted at once, closes the prompt, keeps state', async () => {
  const kernel = sourceKernel();
  try {
    assert.equal((await runAsking(kernel, 'const kept = "still here"')).result.status, 'ok');
    let cancelled: AbortSignal | undefined;
    const asking = runAsking(kernel, 'const never = await input("wait: ")', (_request, signal) => {
      cancelled = signal;
      return new Promise<string>((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new Error('closed'))),
      );
    });
    // Generous wait for the kernel to ask (a loaded machine), then interrupt.
    for (let i = 0; i < 600 && !cancelled; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(cancelled, 'the kernel asked for input');
    kernel.interrupt();
    const { result } = await asking;
    assert.equal(result.status, 'interrupted');
    assert.equal(result.stateLost, false);
    assert.equal(result.error?.name, 'Interrupted');
    assert.match(result.error?.message ?? '', /state is kept/);
    assert.equal(cancelled.aborted, true, 'the front end is told to close its prompt');
    const after = await runAsking(kernel, 'console.log(kept)');
    assert.equal(after.stdout, 'still here\n');
  } finally {
    await kernel.shutdown();
  }
});
