/**
 * Finding the TensorFlow CPU wheel whose C libraries tfjs-node is built against, and checking that
 * it fits this machine. Wheel file names follow PEP 427 (`{dist}-{version}(-{build})?-{python}-{abi}-{platform}.whl`);
 * platform tags follow PEP 600 (`manylinux_{glibc major}_{glibc minor}_{arch}`, with the legacy
 * aliases manylinux1 = 2.5, manylinux2010 = 2.12, manylinux2014 = 2.17).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SetupError } from './errors';

export interface WheelName {
  distribution: string;
  version: string;
  platformTags: string[];
}

/** Parses a wheel's file name; undefined if it is not one. */
export function parseWheelName(file: string): WheelName | undefined {
  const m = /^([A-Za-z0-9_.]+)-([0-9][^-]*)(?:-[0-9][^-]*)?-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(basename(file));
  if (!m) return undefined;
  return { distribution: m[1].toLowerCase().replace(/[-.]/g, '_'), version: m[2], platformTags: m[5].split('.') };
}

const LEGACY: Record<string, [number, number]> = { manylinux1: [2, 5], manylinux2010: [2, 12], manylinux2014: [2, 17] };
const WHEEL_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

/** Why the wheel cannot serve this machine, or undefined when it can. */
export function platformProblem(name: WheelName, arch: string, glibc: string | undefined): string | undefined {
  const want = WHEEL_ARCH[arch];
  if (!want) return `this machine's architecture (${arch}) has no TensorFlow Linux wheel that tfjs-node supports`;
  if (!glibc) return 'this system does not use glibc (musl?), but TensorFlow wheels are manylinux (glibc) builds';
  const [major, minor] = glibc.split('.').map(Number);
  const tried: string[] = [];
  for (const tag of name.platformTags) {
    const m = /^(manylinux_(\d+)_(\d+)|manylinux1|manylinux2010|manylinux2014)_(.+)$/.exec(tag);
    if (!m) {
      tried.push(`${tag} (not a Linux tag)`);
      continue;
    }
    const [needMajor, needMinor] = m[2] ? [Number(m[2]), Number(m[3])] : LEGACY[m[1]];
    if (m[4] !== want) {
      tried.push(`${tag} (for ${m[4]}, this machine is ${want})`);
      continue;
    }
    if (needMajor < major || (needMajor === major && needMinor <= minor)) return undefined;
    tried.push(`${tag} (needs glibc ${needMajor}.${needMinor}, this machine has ${glibc})`);
  }
  return `wrong platform: ${tried.join('; ')}`;
}

/** TensorFlow releases whose C API tfjs-node 4.22 (written against 2.9.1) can bind to. */
export function versionProblem(version: string): string | undefined {
  const [major, minor] = version.split('.').map((part) => parseInt(part, 10));
  if (!(major === 2 && minor >= 9))
    return `TensorFlow ${version} is not supported: tfjs-node needs the TensorFlow 2 C API, 2.9 or newer`;
  return undefined;
}

/** Checks a wheel file: name, distribution, version and platform; returns its parsed name. */
export function checkWheel(file: string): WheelName {
  if (!existsSync(file))
    throw new SetupError(
      'no wheel',
      `${file} does not exist`,
      'give the path of a tensorflow-cpu wheel with --wheel, or let the script download one with pip',
    );
  const name = parseWheelName(file);
  if (!name)
    throw new SetupError(
      'no wheel',
      `${file} is not a wheel file name (PEP 427)`,
      'pass a file named like tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl',
    );
  if (!['tensorflow_cpu', 'tensorflow', 'tensorflow_intel'].includes(name.distribution)) {
    throw new SetupError(
      'no wheel',
      `${basename(file)} is a ${name.distribution} wheel, not TensorFlow`,
      'pass a tensorflow-cpu wheel',
    );
  }
  const version = versionProblem(name.version);
  if (version) throw new SetupError('wrong version', version, 'use a tensorflow-cpu 2.x wheel (2.9 or newer)');
  const platform = platformProblem(name, process.arch, glibcVersion());
  if (platform)
    throw new SetupError(
      'wrong platform',
      `${basename(file)}: ${platform}`,
      'download a wheel for this machine: pip download --no-deps --only-binary=:all: tensorflow-cpu',
    );
  return name;
}

function glibcVersion(): string | undefined {
  const report = process.report.getReport() as unknown as { header?: { glibcVersionRuntime?: string } };
  return report.header?.glibcVersionRuntime;
}

/** The newest-looking TensorFlow wheel already in `dir`, if any. */
export function cachedWheel(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const wheels = readdirSync(dir)
    .filter((f) => /^tensorflow(_cpu)?-.*\.whl$/.test(f) && statSync(join(dir, f)).size > 0)
    .sort((a, b) =>
      (parseWheelName(b)?.version ?? '').localeCompare(parseWheelName(a)?.version ?? '', undefined, { numeric: true }),
    );
  return wheels.length > 0 ? join(dir, wheels[0]) : undefined;
}

/** The pip command to use: $PIP, else `pip`, else `python3 -m pip`. */
export function findPip(env: NodeJS.ProcessEnv = process.env): string[] {
  const candidates = [env.PIP ? [env.PIP] : undefined, ['pip'], ['pip3'], ['python3', '-m', 'pip']].filter(
    (c): c is string[] => c !== undefined,
  );
  for (const command of candidates) {
    const r = spawnSync(command[0], [...command.slice(1), '--version'], { encoding: 'utf8' });
    if (r.status === 0) return command;
  }
  throw new SetupError(
    'no pip',
    'none of $PIP, pip, pip3, python3 -m pip runs here',
    'install pip (Debian: apt-get install python3-pip), or download a tensorflow-cpu wheel elsewhere and pass it with --wheel FILE',
  );
}

/**
 * Downloads a tensorflow-cpu wheel into `dir` with the user's own pip configuration (index,
 * mirror, proxy). pip skips the download when the same file is already there.
 */
export function pipDownload(dir: string, spec: string, log: (line: string) => void): string {
  const pip = findPip();
  const args = [
    ...pip.slice(1),
    'download',
    '--no-deps',
    '--only-binary=:all:',
    '--disable-pip-version-check',
    '-d',
    dir,
    spec,
  ];
  log(`$ ${pip[0]} ${args.join(' ')}`);
  const r = spawnSync(pip[0], args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(-3).join(' | ');
    throw new SetupError(
      'no wheel',
      `pip could not download ${spec}: ${why}`,
      'check your pip index configuration (pip config list), or pass a downloaded wheel with --wheel FILE',
    );
  }
  const saved = /(?:Saved|File was already downloaded) (\S+\.whl)/.exec(r.stdout ?? '')?.[1];
  const wheel = saved && existsSync(saved) ? resolve(saved) : cachedWheel(dir);
  if (!wheel)
    throw new SetupError(
      'no wheel',
      `pip reported success but no TensorFlow wheel is in ${dir}`,
      'pass a wheel with --wheel FILE',
    );
  return wheel;
}
