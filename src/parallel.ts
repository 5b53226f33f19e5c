// Worker threads for work that is per paper and pure (esbuild's way: scan in parallel,
// link serially). Tasks go to whichever thread is free; results come back in task order,
// so nothing downstream can tell how many threads there were.

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';

/** Below this many tasks, starting threads costs more than it saves. */
const PARALLEL_FROM = 48;
const MAX_THREADS = 4;

/**
 * Each thread's young generation, in MB. V8's default (up to 48 MB a thread) is sized for a
 * main thread; a thread here makes short-lived garbage one paper at a time, and 8 MB collects
 * it as well at a sixth of the memory (HTML, 1,000 papers: about 50 MB less at the peak, no slower).
 */
const YOUNG_GENERATION_MB = 8;

/** Threads for `tasks` tasks: HUB_THREADS when set (1 = none), else one per core up to four. */
export function threadsFor(tasks: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.HUB_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.max(1, Math.min(asked, tasks));
  if (tasks < PARALLEL_FROM) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS, tasks));
}

/** Threads run the built JavaScript; from TypeScript sources (unit tests) callers run inline. */
export function canUseThreads(moduleUrl: string): boolean {
  return !moduleUrl.endsWith('.ts');
}

interface TaskMessage<T> {
  index: number;
  task: T;
}

type ResultMessage<R> = { index: number; result: R } | { index: number; failure: string };

export interface PoolOptions {
  threads: number;
  /** Data every thread needs, sent once when it starts. */
  shared: unknown;
  /** At most this many results wait for the consumer (bounds memory when results are large). */
  ahead?: number;
}

/**
 * Run `tasks` on `threads` worker threads running `script` (a module that calls
 * `serveTasks`), yielding each result in task order as soon as it and all before it are done.
 */
export async function* inOrder<T, R>(script: URL, tasks: readonly T[], options: PoolOptions): AsyncGenerator<R> {
  const ahead = options.ahead ?? Infinity;
  const results = new Map<number, R>();
  let next = 0; // the next task to hand out
  let yielded = 0; // results given to the consumer
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    wake?.();
    wake = undefined;
  };
  const workers = Array.from({ length: options.threads }, () => new Worker(fileURLToPath(script), { workerData: options.shared, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }));
  const idle: Worker[] = [];
  const feed = (): void => {
    while (idle.length > 0 && next < tasks.length && next - yielded < ahead) {
      const message: TaskMessage<T> = { index: next, task: tasks[next]! };
      next++;
      idle.pop()!.postMessage(message);
    }
  };
  for (const worker of workers) {
    worker.on('message', (message: ResultMessage<R>) => {
      if ('failure' in message) failure ??= new Error(message.failure);
      else results.set(message.index, message.result);
      idle.push(worker);
      feed();
      signal();
    });
    worker.on('error', (error) => {
      failure ??= new Error('A worker thread failed', { cause: error });
      signal();
    });
    idle.push(worker);
  }
  try {
    feed();
    while (yielded < tasks.length) {
      if (failure) throw failure;
      if (results.has(yielded)) {
        const result = results.get(yielded)!;
        results.delete(yielded);
        yielded++;
        feed();
        yield result;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** The worker side: answer each task with `handle(task, shared)`, one at a time. */
export function serveTasks<T, S, R>(handle: (task: T, shared: S) => Promise<R> | R): void {
  const shared = workerData as S;
  parentPort!.on('message', async ({ index, task }: TaskMessage<T>) => {
    try {
      parentPort!.postMessage({ index, result: await handle(task, shared) } satisfies ResultMessage<R>);
    } catch (error) {
      parentPort!.postMessage({ index, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ResultMessage<R>);
    }
  });
}
