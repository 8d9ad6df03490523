/**
 * Debian's /usr/bin/chromium driven by playwright-core from test/tools (installed by
 * test/tools/install.sh; it never downloads a browser). Typed by the few calls these tests make,
 * so the project type-checks even before the tools are installed.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface Page {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  waitForFunction<A>(
    fn: (arg: A) => unknown,
    arg: A,
    options?: { timeout?: number; polling?: number | 'raf' },
  ): Promise<unknown>;
  exposeFunction(name: string, fn: (arg: string) => unknown): Promise<void>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  press(selector: string, key: string): Promise<void>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  on(event: 'console' | 'pageerror', listener: (value: { text?: () => string; message?: string }) => void): void;
  mouse: {
    move(x: number, y: number, options?: { steps?: number }): Promise<void>;
    down(): Promise<void>;
    up(): Promise<void>;
    click(x: number, y: number): Promise<void>;
    wheel(dx: number, dy: number): Promise<void>;
  };
}
export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}
interface PlaywrightCore {
  chromium: { launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> };
}

const TOOLS = join(__dirname, '..', '..', 'tools');
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (!existsSync(join(TOOLS, 'node_modules', 'playwright-core')))
    return `playwright-core is missing: run test/tools/install.sh`;
  return undefined;
}

export async function launchChromium(): Promise<Browser> {
  const problem = browserUnavailable();
  if (problem) throw new Error(problem);
  const playwright = createRequire(join(TOOLS, 'package.json'))('playwright-core') as PlaywrightCore;
  return playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
