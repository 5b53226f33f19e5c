// hub at a real terminal: a pseudo-terminal made by util-linux `script`, read as a person
// would read the screen. Each step waits for the prompt's text to appear before typing.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cleanEnv, HUB_BIN } from '../fixtures/new/helpers.js';

export const ENTER = '\r';
export const DOWN = '\u001b[B';
export const CTRL_C = '\u0003';
export const CTRL_U = '\u0015'; // readline: delete the line typed so far

/** What the terminal shows, without escape sequences. */
export function screenText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\u001b[78=>]/g, '').replace(/\r/g, '');
}

export class Terminal {
  private raw = '';
  private seen = 0;
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  /** Run hub in `cwd` on a fresh pseudo-terminal, 120 columns wide so messages do not wrap. */
  constructor(args: string[], cwd: string) {
    const quoted = [process.execPath, HUB_BIN, ...args].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
    this.child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${quoted}`, '/dev/null'], { cwd, env: cleanEnv({ TERM: 'xterm' }) });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => (this.raw += chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.raw += chunk));
    this.exited = new Promise((done) => this.child.on('close', done));
  }

  get text(): string {
    return screenText(this.raw);
  }

  /** Wait until `wanted` appears after what earlier waits consumed. */
  async waitFor(wanted: string | RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.text.slice(this.seen);
      const index = typeof wanted === 'string' ? rest.indexOf(wanted) : rest.search(wanted);
      if (index !== -1) {
        this.seen += index;
        return;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(wanted)}; the terminal showed:\n${this.text}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  type(keys: string): void {
    this.child.stdin.write(keys);
  }
}
