/**
 * Runs one benchmark engine as a child process and reads its "RESULT {json}" line; progress lines
 * are echoed (indented) as they come, so a long run shows where it is.
 */
import { spawn } from 'node:child_process';
import type { EngineName, EngineOutcome, EngineRecord } from './engineRecord';

export interface ChildSpec {
  engine: EngineName;
  batchSize: number;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Echo the child's output lines (default true). */
  echo?: boolean;
}

export function runChild(spec: ChildSpec): Promise<EngineOutcome> {
  return new Promise((resolve) => {
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let result: EngineRecord | undefined;
    const tail: string[] = [];
    const onLine = (line: string) => {
      if (line.startsWith('RESULT ')) {
        result = JSON.parse(line.slice(7)) as EngineRecord;
        return;
      }
      if (!line.trim() || /^=+$|Hi, looks like you are running TensorFlow\.js/.test(line.trim())) return;
      tail.push(line);
      if (tail.length > 8) tail.shift();
      if (spec.echo !== false) console.log(`    ${line}`);
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      stream.on('end', () => buffered && onLine(buffered));
    }
    child.on('error', (error) =>
      resolve({ engine: spec.engine, batchSize: spec.batchSize, error: `${spec.command}: ${error.message}` }),
    );
    child.on('close', (code, signal) => {
      if (result) resolve(result);
      else {
        const why =
          tail
            .filter((l) => /error|abort|fail|out of bounds|Traceback|No module/i.test(l))
            .slice(-2)
            .join(' | ') || tail.slice(-1).join('');
        resolve({
          engine: spec.engine,
          batchSize: spec.batchSize,
          error: `exit ${code ?? signal}: ${why}`.slice(0, 400),
        });
      }
    });
  });
}
