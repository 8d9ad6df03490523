/**
 * This machine's theoretical float32 peak, from what the CPU reports in /proc/cpuinfo:
 * physical cores x FMA units per core x SIMD float32 lanes x 2 (a fused multiply-add is 2 FLOPs)
 * x clock. The FMA-unit count is not reported anywhere; it is assumed from vendor, family and ISA
 * (the `assumption` says which), and the clock is the reported one (on a VM, the nominal clock;
 * turbo may run above it, so the peak may be somewhat higher than computed).
 */

export interface CpuInfo {
  vendor: string;
  family: number;
  model: number;
  modelName: string;
  /** Logical processors. */
  processors: number;
  /** Physical cores (distinct physical id + core id): SMT siblings share the FMA units. */
  cores: number;
  /** The first processor's reported clock. */
  mhz: number;
  flags: Set<string>;
}

/** Parses /proc/cpuinfo's text (one block per logical processor). */
export function parseCpuInfo(text: string): CpuInfo {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
      }
      return fields;
    })
    .filter((fields) => fields.has('processor'));
  if (blocks.length === 0) throw new Error('parseCpuInfo: no "processor" entries (is this /proc/cpuinfo?)');
  const first = blocks[0];
  const cores = new Set(blocks.map((b) => `${b.get('physical id') ?? 0}/${b.get('core id') ?? b.get('processor')}`));
  return {
    vendor: first.get('vendor_id') ?? 'unknown',
    family: Number(first.get('cpu family') ?? NaN),
    model: Number(first.get('model') ?? NaN),
    modelName: first.get('model name') ?? 'unknown',
    processors: blocks.length,
    cores: cores.size,
    mhz: Number(first.get('cpu MHz') ?? NaN),
    flags: new Set((first.get('flags') ?? '').split(/\s+/).filter(Boolean)),
  };
}

export interface CpuPeak {
  cores: number;
  fmaUnits: number;
  /** float32 lanes of the widest vector the FMA units execute at full rate. */
  lanes: number;
  clockGHz: number;
  /** cores x fmaUnits x lanes x 2 x clockGHz. */
  gflops: number;
  isa: string;
  /** Why this many FMA units and lanes. */
  assumption: string;
}

/** The float32 peak of `cpu`; `maxMhz` (lscpu's "CPU max MHz", when reported) replaces the reported clock. */
export function cpuPeak(cpu: CpuInfo, maxMhz?: number): CpuPeak {
  const f = cpu.flags;
  const amd = cpu.vendor === 'AuthenticAMD';
  let isa: string, lanes: number, fmaUnits: number, assumption: string;
  if (f.has('avx512f') && amd && cpu.family < 0x1a) {
    [isa, lanes, fmaUnits] = ['avx512f', 16, 1];
    assumption = 'AMD Zen 4 runs AVX-512 on its two 256-bit FMA pipes: one 16-lane FMA per cycle';
  } else if (f.has('avx512f')) {
    [isa, lanes, fmaUnits] = ['avx512f', 16, 2];
    assumption = amd
      ? 'AMD Zen 5: two 512-bit FMA pipes'
      : 'two 512-bit FMA units per core, as on Xeon Scalable Gold/Platinum (Skylake-SP and later); some Silver/Bronze parts have one (half this peak)';
  } else if (f.has('avx2') && f.has('fma')) {
    [isa, lanes, fmaUnits] = ['avx2+fma', 8, 2];
    assumption = 'two 256-bit FMA units per core (Intel Haswell and later, AMD Zen 2 and later)';
  } else if (f.has('avx')) {
    [isa, lanes, fmaUnits] = ['avx', 8, 1];
    assumption = 'no FMA: one 256-bit multiply and one add per cycle (counted as one FMA unit)';
  } else {
    [isa, lanes, fmaUnits] = ['sse2', 4, 1];
    assumption = 'no AVX: one 128-bit multiply and one add per cycle (counted as one FMA unit)';
  }
  const clockGHz = (maxMhz && maxMhz > 0 ? maxMhz : cpu.mhz) / 1000;
  if (!(clockGHz > 0)) throw new Error(`cpuPeak: no clock frequency reported (cpu MHz ${cpu.mhz})`);
  return {
    cores: cpu.cores,
    fmaUnits,
    lanes,
    clockGHz,
    gflops: cpu.cores * fmaUnits * lanes * 2 * clockGHz,
    isa,
    assumption,
  };
}

/** lscpu's "CPU max MHz" (absent on many VMs). */
export function parseLscpuMaxMhz(text: string): number | undefined {
  const m = /^CPU max MHz:\s*([\d.]+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * `peak`, raised to a measured rate that exceeds it. A VM reports its base clock, and turbo runs the
 * cores above it: when a matmul in the same run does more than the computed peak, the clock must have
 * been at least measured / (cores x FMA units x lanes x 2), and a peak below a measured rate would put
 * engines above 100%. The raised peak is still a lower bound on the true one.
 */
export function raisePeakToMeasured(peak: CpuPeak, measuredGflops: number, measuredBy: string): CpuPeak {
  if (!(measuredGflops > peak.gflops)) return peak;
  const clockGHz = measuredGflops / (peak.cores * peak.fmaUnits * peak.lanes * 2);
  return {
    ...peak,
    clockGHz,
    gflops: measuredGflops,
    assumption:
      `${peak.assumption}; the clock is at least ${clockGHz.toFixed(2)} GHz, not the reported ${peak.clockGHz.toFixed(2)}:` +
      ` ${measuredBy} reached ${measuredGflops.toFixed(1)} GFLOP/s, ${((100 * measuredGflops) / peak.gflops).toFixed(0)}% of the peak at the reported clock (turbo on a VM that reports its base clock)`,
  };
}
