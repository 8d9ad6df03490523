/**
 * Runs this same benchmark script again as a child process with `--child NAME` (so each row of a
 * table runs alone: its peak memory is its own and a crash loses one row), echoes the child's output
 * lines indented (without TensorFlow's start-up chatter), and returns the parsed "RESULT {json}" line.
 */
import { spawn } from 'node:child_process';

export interface SelfChildOutcome<T> {
  record?: T;
  code: number | null;
  /** The last output lines, for the error message when no RESULT came. */
  tail: string[];
}

const NOISE =
  /oneDNN|cpu_feature_guard|absl::|rebuild TensorFlow|^To enable|Hi, looks like you are running TensorFlow\.js|^=+$/;

export function runSelfAsChild<T>(name: string, dropOptions: string[] = ['--json']): Promise<SelfChildOutcome<T>> {
  const argv = process.argv
    .slice(1)
    .filter((arg, i, all) => !dropOptions.includes(arg) && !dropOptions.includes(all[i - 1]));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...argv, '--child', name], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let record: T | undefined;
    const tail: string[] = [];
    const onLine = (line: string) => {
      if (line.startsWith('RESULT ')) record = JSON.parse(line.slice(7)) as T;
      else if (line.trim() && !NOISE.test(line.trim())) {
        tail.push(line);
        if (tail.length > 6) tail.shift();
        console.log(`    ${line}`);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (buffered + chunk).split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      stream.on('end', () => buffered && onLine(buffered));
    }
    child.on('close', (code) => resolve({ record, code, tail }));
  });
}
