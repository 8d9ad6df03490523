// Whatever a cell throws, the kernel reports it and runs the next cell (issue 12, item 2): a table of
// hostile thrown values through a real kernel, and describeThrown on the same values in-process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelProcess } from '../../src/host';
import { describeThrown, MAX_DESCRIBED_CHARS } from '../../src/kernel/transform/describeThrown';
import { run, sourceKernel, text } from './kernelHarness';

/** Cell source that throws; `name`/`message` the host must receive (a RegExp on each). */
const hostile: { name: string; code: string; ename: RegExp; evalue: RegExp }[] = [
  {
    name: 'an Error whose name is a Symbol',
    code: 'const e = new Error("m"); (e as any).name = Symbol("odd"); throw e',
    ename: /Symbol\(odd\)/,
    evalue: /^m$/,
  },
  {
    name: 'an Error whose message getter throws',
    code: 'const e = new Error("m"); Object.defineProperty(e, "message", { get() { throw new Error("getter") } }); throw e',
    ename: /^Error$/,
    evalue: /could not be read: Error: getter/,
  },
  {
    name: 'an Error whose message is a function',
    code: 'const e = new Error("m"); (e as any).message = function secret() {}; throw e',
    ename: /^Error$/,
    evalue: /\[function secret\]/,
  },
  {
    name: 'a Proxy of an Error whose stack trap throws',
    code: 'throw new Proxy(new Error("p"), { get(t, k) { if (k === "stack") throw new Error("trap"); return (t as any)[k] } })',
    ename: /^Error$/,
    evalue: /^p$/,
  },
  {
    name: 'a Proxy whose every trap throws',
    code: 'const boom = () => { throw new Error("trap") }; throw new Proxy({}, { get: boom, getPrototypeOf: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom })',
    ename: /^Error$/,
    evalue: /not an Error was thrown/,
  },
  {
    name: 'an object whose toString throws',
    code: 'throw { toString() { throw new Error("no") } }',
    ename: /^Error$/,
    evalue: /not an Error was thrown: \[object Object\]/,
  },
  { name: 'a Symbol', code: 'throw Symbol("s")', ename: /^Error$/, evalue: /Symbol\(s\)/ },
  {
    name: 'an Error whose name getter throws and stack is a number',
    code: 'const e = new Error("m"); Object.defineProperty(e, "stack", { value: 42 }); Object.defineProperty(e, "name", { get() { throw 1 } }); throw e',
    ename: /could not be read/,
    evalue: /^m$/,
  },
  {
    name: 'a null-prototype object',
    code: 'throw Object.create(null)',
    ename: /^Error$/,
    evalue: /not an Error was thrown: \[object Object\]/,
  },
];

let kernel: KernelProcess;
before(async () => {
  kernel = sourceKernel();
  await kernel.start();
});
after(async () => {
  await kernel.shutdown();
});

for (const row of hostile) {
  test(`hostile errors: ${row.name} is reported and the next cell runs`, { timeout: 20_000 }, async () => {
    await run(kernel, 'const survivor = 7');
    const failed = await run(kernel, `{ ${row.code} }`);
    assert.equal(failed.status, 'error');
    assert.equal(failed.stateLost, false);
    assert.match(failed.error?.name ?? '', row.ename);
    assert.match(failed.error?.message ?? '', row.evalue);
    const next = await run(kernel, 'survivor');
    assert.equal(text(next.outputs[0]), '7');
  });
}

test(
  'hostile errors: the same values thrown inside a timer (stray) are reported on stderr',
  { timeout: 20_000 },
  async () => {
    const result = await run(
      kernel,
      'setTimeout(() => { const e = new Error("late"); (e as any).name = Symbol("x"); throw e }, 0); await new Promise((r) => setTimeout(r, 50)); 1',
    );
    assert.equal(result.status, 'ok');
    assert.match(result.stderr, /late/);
  },
);

test('describeThrown: never throws, always strings, long text clipped', () => {
  const boom = (): never => {
    throw new Error('trap');
  };
  const values: unknown[] = [
    undefined,
    null,
    0,
    Symbol('s'),
    10n,
    () => 1,
    Object.create(null),
    new Proxy({}, { get: boom, getPrototypeOf: boom }),
    Object.assign(new Error('x'), { name: Symbol('n') }),
    new Proxy(new Error('y'), { get: boom }),
    'z'.repeat(2 * MAX_DESCRIBED_CHARS),
  ];
  for (const value of values) {
    const described = describeThrown(value);
    assert.equal(typeof described.name, 'string');
    assert.equal(typeof described.message, 'string');
    assert.ok(described.message.length < MAX_DESCRIBED_CHARS + 200);
    assert.ok(described.stack === undefined || typeof described.stack === 'string');
    structuredClone(described);
  }
});

// Issue 12, item 17: names of Object.prototype's members are package names like any other.
for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
  test(`imports: import('${name}') looks for a package, not a JavaScript built-in`, { timeout: 20_000 }, async () => {
    const result = await run(kernel, `await import('${name}')`);
    assert.equal(result.status, 'error');
    assert.match(result.error?.message ?? '', new RegExp(`Cannot find module '${name}'`));
  });
}
