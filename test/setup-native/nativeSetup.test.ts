/**
 * The pieces of `npm run setup:native` that decide whether a wheel can serve this machine and
 * that take files out of it: wheel names and platform tags (PEP 427/600), version limits, the ZIP
 * reader (on archives Python's zipfile writes, stored and deflated, and corrupted ones), the C API
 * symbol derivation from sources and headers, and the ELF header check.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWheel, parseWheelName, platformProblem, versionProblem } from '../../src/setup-native/wheel';
import { extractEntry, listZip } from '../../src/setup-native/zip';
import { calledFunctions, checkElf, exportedDeclarations } from '../../src/setup-native/symbols';
import { SetupError } from '../../src/setup-native/errors';

describe('setup:native wheel checks', () => {
  const platforms: Array<{ file: string; arch: string; glibc: string | undefined; problem: RegExp | undefined }> = [
    {
      file: 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
      arch: 'x64',
      glibc: '2.36',
      problem: undefined,
    },
    {
      file: 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
      arch: 'x64',
      glibc: '2.17',
      problem: /needs glibc 2.27, this machine has 2.17/,
    },
    {
      file: 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
      arch: 'arm64',
      glibc: '2.36',
      problem: /for x86_64, this machine is aarch64/,
    },
    {
      file: 'tensorflow_cpu-2.10.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      arch: 'x64',
      glibc: '2.28',
      problem: undefined,
    },
    {
      file: 'tensorflow-2.12.0-cp311-cp311-manylinux2014_x86_64.whl',
      arch: 'x64',
      glibc: '2.12',
      problem: /needs glibc 2.17/,
    },
    {
      file: 'tensorflow_cpu-2.21.0-cp311-cp311-win_amd64.whl',
      arch: 'x64',
      glibc: '2.36',
      problem: /win_amd64 \(not a Linux tag\)/,
    },
    {
      file: 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
      arch: 'x64',
      glibc: undefined,
      problem: /does not use glibc/,
    },
    {
      file: 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
      arch: 'ia32',
      glibc: '2.36',
      problem: /architecture \(ia32\)/,
    },
  ];
  for (const c of platforms) {
    test(`${c.file} on ${c.arch} glibc ${c.glibc}: ${c.problem ? 'rejected' : 'accepted'}`, () => {
      const name = parseWheelName(c.file);
      assert.ok(name, 'parses as a wheel name');
      const problem = platformProblem(name, c.arch, c.glibc);
      if (c.problem) assert.match(problem ?? '', c.problem);
      else assert.equal(problem, undefined);
    });
  }

  test('wheel names: distribution, version, platform tags; non-wheels give undefined', () => {
    assert.deepEqual(parseWheelName('/x/tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl'), {
      distribution: 'tensorflow_cpu',
      version: '2.21.0',
      platformTags: ['manylinux_2_27_x86_64'],
    });
    assert.equal(parseWheelName('tensorflow_cpu-2.21.0.tar.gz'), undefined);
    assert.equal(parseWheelName('README.md'), undefined);
  });

  const versions: Array<[string, boolean]> = [
    ['2.21.0', true],
    ['2.9.1', true],
    ['2.8.4', false],
    ['1.15.0', false],
    ['3.0.0', false],
  ];
  for (const [version, ok] of versions) {
    test(`TensorFlow ${version} is ${ok ? '' : 'not '}accepted`, () => {
      assert.equal(versionProblem(version) === undefined, ok);
    });
  }

  test('checkWheel names the category and the file for each bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lt-wheel-'));
    try {
      const cases: Array<{ file: string; category: string; why: RegExp }> = [
        {
          file: join(dir, 'missing-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl'),
          category: 'no wheel',
          why: /does not exist/,
        },
        {
          file: join(dir, 'torch-2.14.1-cp311-cp311-manylinux_2_28_x86_64.whl'),
          category: 'no wheel',
          why: /is a torch wheel/,
        },
        {
          file: join(dir, 'tensorflow_cpu-1.15.0-cp37-cp37m-manylinux2010_x86_64.whl'),
          category: 'wrong version',
          why: /1\.15\.0 is not supported/,
        },
        {
          file: join(dir, 'tensorflow_cpu-2.21.0-cp311-cp311-macosx_12_0_arm64.whl'),
          category: 'wrong platform',
          why: /macosx_12_0_arm64 \(not a Linux tag\)/,
        },
      ];
      for (const c of cases) {
        if (!c.why.source.includes('does not exist')) writeFileSync(c.file, 'x');
        assert.throws(
          () => checkWheel(c.file),
          (e: unknown) => e instanceof SetupError && e.category === c.category && c.why.test(e.why),
          c.file,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('setup:native ZIP reader', () => {
  const python = spawnSync('python3', ['--version']).status === 0;
  test(
    'lists and extracts stored and deflated members written by Python zipfile; corruption is caught',
    { skip: python ? false : 'python3 is not available to write the test archive' },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lt-zip-'));
      try {
        const zip = join(dir, 'w.whl');
        const big = Buffer.alloc(300_000);
        for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
        writeFileSync(join(dir, 'big.bin'), big);
        const script = `import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w')\nz.writestr(zipfile.ZipInfo('tensorflow/include/a.h'),'int a;\\n')\nz.write(sys.argv[2],'tensorflow/libx.so.2',compress_type=zipfile.ZIP_DEFLATED)\nz.writestr('empty.txt','')\nz.close()`;
        const r = spawnSync('python3', ['-c', script, zip, join(dir, 'big.bin')], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const entries = await listZip(zip);
        assert.deepEqual(
          entries.map((e) => [e.name, e.method, e.size]),
          [
            ['tensorflow/include/a.h', 0, 7],
            ['tensorflow/libx.so.2', 8, big.length],
            ['empty.txt', 0, 0],
          ],
        );
        for (const entry of entries) await extractEntry(zip, entry, join(dir, 'out', entry.name));
        assert.equal(readFileSync(join(dir, 'out/tensorflow/include/a.h'), 'utf8'), 'int a;\n');
        assert.ok(readFileSync(join(dir, 'out/tensorflow/libx.so.2')).equals(big));
        assert.equal(readFileSync(join(dir, 'out/empty.txt')).length, 0);
        // Flip bytes inside the stored member: its CRC-32 no longer matches, and no file is left behind.
        const bytes = readFileSync(zip);
        const at = bytes.indexOf('int a;');
        bytes.write('INT B;', at);
        writeFileSync(zip, bytes);
        const corrupt = join(dir, 'corrupt/a.h');
        await assert.rejects(extractEntry(zip, (await listZip(zip))[0], corrupt), /fails its CRC-32 check/);
        assert.throws(() => readFileSync(corrupt), /ENOENT/);
        writeFileSync(join(dir, 'not.whl'), 'not a zip at all');
        await assert.rejects(listZip(join(dir, 'not.whl')), /not a ZIP archive/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('setup:native C API symbols and ELF', () => {
  test('needed = functions the binding calls that the headers export (inline helpers excluded)', () => {
    const sources = [
      'TF_Status* s = TF_NewStatus();\nTFE_Execute(op, r, &n, s);\nTF_TString_Init(&t);\nint TF_Local = 1;',
    ];
    const headers = [
      'TF_CAPI_EXPORT extern TF_Status* TF_NewStatus(void);\nTF_CAPI_EXPORT extern void TFE_Execute(TFE_Op* op,\n  TFE_TensorHandle** retvals, int* num_retvals, TF_Status* status);\nstatic inline void TF_TString_Init(TF_TString *str) {}',
    ];
    const called = calledFunctions(sources);
    assert.deepEqual([...called].sort(), ['TFE_Execute', 'TF_NewStatus', 'TF_TString_Init']);
    const exported = exportedDeclarations(headers);
    assert.deepEqual([...exported].sort(), ['TFE_Execute', 'TF_NewStatus']);
  });

  test('ELF check: this Node binary passes; a text file and another architecture are rejected', async () => {
    await checkElf(process.execPath);
    const dir = mkdtempSync(join(tmpdir(), 'lt-elf-'));
    try {
      writeFileSync(join(dir, 'lib.so'), 'not an ELF file, just text');
      await assert.rejects(checkElf(join(dir, 'lib.so')), /is not an ELF file/);
      const other = process.arch === 'x64' ? 'arm64' : 'x64';
      await assert.rejects(checkElf(process.execPath, other), /needs 64-bit little-endian machine/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
