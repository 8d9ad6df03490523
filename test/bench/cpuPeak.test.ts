import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuPeak, parseCpuInfo, parseLscpuMaxMhz, raisePeakToMeasured } from './cpuPeak';

/** /proc/cpuinfo of the team's machine (2 vCPUs of a Sapphire-Rapids-class Xeon under KVM). */
const xeon = readFileSync(join(__dirname, '../fixtures/cpuinfo/xeon-2core-avx512.txt'), 'utf8');

/** A block of /proc/cpuinfo with the fields the parser reads. */
const block = (p: number, core: number, vendor: string, family: number, mhz: number, flags: string) =>
  `processor\t: ${p}\nvendor_id\t: ${vendor}\ncpu family\t: ${family}\nmodel\t\t: 17\nmodel name\t: test cpu\n` +
  `cpu MHz\t\t: ${mhz}\nphysical id\t: 0\ncore id\t\t: ${core}\nflags\t\t: ${flags}\n`;

test('parses the team machine: 2 cores, 2.6 GHz, AVX-512', () => {
  const cpu = parseCpuInfo(xeon);
  assert.equal(cpu.vendor, 'GenuineIntel');
  assert.equal(cpu.processors, 2);
  assert.equal(cpu.cores, 2);
  assert.equal(cpu.mhz, 2600);
  assert.ok(cpu.flags.has('avx512f') && cpu.flags.has('fma'));
  const peak = cpuPeak(cpu);
  // 2 cores x 2 FMA units x 16 lanes x 2 FLOPs x 2.6 GHz
  assert.deepEqual([peak.isa, peak.cores, peak.fmaUnits, peak.lanes, peak.clockGHz], ['avx512f', 2, 2, 16, 2.6]);
  assert.ok(Math.abs(peak.gflops - 332.8) < 1e-9);
  assert.match(peak.assumption, /two 512-bit FMA units/);
});

test('table: ISA, vendor and SMT decide lanes, FMA units and cores', () => {
  const cases: { what: string; text: string; expected: [string, number, number, number, number] }[] = [
    {
      what: 'AMD Zen 4 (family 25) with SMT: 4 threads on 2 cores, AVX-512 on 256-bit pipes',
      text: [
        block(0, 0, 'AuthenticAMD', 25, 3000, 'fma avx avx2 avx512f'),
        block(1, 1, 'AuthenticAMD', 25, 3000, 'fma avx avx2 avx512f'),
        block(2, 0, 'AuthenticAMD', 25, 3000, 'fma avx avx2 avx512f'),
        block(3, 1, 'AuthenticAMD', 25, 3000, 'fma avx avx2 avx512f'),
      ].join('\n'),
      expected: ['avx512f', 2, 1, 16, 2 * 1 * 16 * 2 * 3],
    },
    {
      what: 'AMD Zen 5 (family 26): two 512-bit pipes',
      text: block(0, 0, 'AuthenticAMD', 26, 2000, 'fma avx2 avx512f'),
      expected: ['avx512f', 1, 2, 16, 1 * 2 * 16 * 2 * 2],
    },
    {
      what: 'AVX2 + FMA',
      text: [
        block(0, 0, 'GenuineIntel', 6, 2500, 'sse2 avx fma avx2'),
        block(1, 1, 'GenuineIntel', 6, 2500, 'avx'),
      ].join('\n'),
      expected: ['avx2+fma', 2, 2, 8, 2 * 2 * 8 * 2 * 2.5],
    },
    {
      what: 'AVX without FMA',
      text: block(0, 0, 'GenuineIntel', 6, 2000, 'sse2 avx'),
      expected: ['avx', 1, 1, 8, 1 * 1 * 8 * 2 * 2],
    },
    {
      what: 'SSE only',
      text: block(0, 0, 'GenuineIntel', 6, 1000, 'sse sse2'),
      expected: ['sse2', 1, 1, 4, 8],
    },
  ];
  for (const c of cases) {
    const p = cpuPeak(parseCpuInfo(c.text));
    assert.deepEqual([p.isa, p.cores, p.fmaUnits, p.lanes], c.expected.slice(0, 4), c.what);
    assert.ok(Math.abs(p.gflops - c.expected[4]) < 1e-9, `${c.what}: ${p.gflops}`);
  }
});

test("lscpu's max clock replaces the reported one when present", () => {
  assert.equal(parseLscpuMaxMhz('Model name: x\nCPU max MHz:                     3800.0000\nCPU min MHz: 800\n'), 3800);
  assert.equal(parseLscpuMaxMhz('Model name: x\nBogoMIPS: 5200.00\n'), undefined);
  assert.ok(Math.abs(cpuPeak(parseCpuInfo(xeon), 3800).gflops - 2 * 2 * 16 * 2 * 3.8) < 1e-9);
});

test('input that is not cpuinfo, or lacks a clock, is a clear error', () => {
  assert.throws(() => parseCpuInfo('hello\nworld\n'), /no "processor" entries/);
  assert.throws(() => cpuPeak(parseCpuInfo('processor\t: 0\nflags\t: avx2 fma\n')), /no clock frequency/);
});

test('a measured rate above the computed peak raises the clock to the least that explains it', () => {
  const peak = cpuPeak(parseCpuInfo(xeon)); // 332.8 GFLOP/s at 2.6 GHz
  assert.equal(raisePeakToMeasured(peak, 300, 'a matmul'), peak, 'below the peak: unchanged');
  const raised = raisePeakToMeasured(peak, 435.2, "pytorch's 2048 matmul");
  assert.ok(Math.abs(raised.gflops - 435.2) < 1e-9);
  assert.ok(Math.abs(raised.clockGHz - 3.4) < 1e-9); // 435.2 / (2 x 2 x 16 x 2)
  assert.deepEqual([raised.cores, raised.fmaUnits, raised.lanes, raised.isa], [2, 2, 16, 'avx512f']);
  assert.match(
    raised.assumption,
    /at least 3\.40 GHz, not the reported 2\.60: pytorch's 2048 matmul reached 435\.2 GFLOP\/s, 131%/,
  );
});
