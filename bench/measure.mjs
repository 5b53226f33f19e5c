// Time one whole process and the peak memory of its process tree.
//
// Wall time: from just before spawn() to the child's exit event (process.hrtime).
// Peak RSS of the tree: getrusage() (and so GNU time) reports only the largest single
// process, so the tree is also sampled from /proc every 20 ms (less often when a sample is
// costly, to keep the sampler near 4% of one core). The command runs in its own session
// (detached); every process in that session, or descended from the command, counts. Each
// sample sums their resident set sizes (/proc/PID/statm). The peak is the largest sum, or the
// largest single process's exact peak when that is larger: from GNU time (%M) when installed,
// which catches a late peak a starved sampler would miss, else the root's VmHWM. Summed RSS
// counts pages shared between processes (libraries, Chromium's shared memory) once per process:
// an upper bound for trees, so trees of several processes also get a peak proportional set
// size (PSS), every 10th sample.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 20;
/** GNU time, when installed, gives each process's exact peak, however late it comes. */
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path));
/** Process groups still running, so an interrupted benchmark leaves nothing behind. */
const running = new Set();
const PAGE_BYTES = 4096;

/** Parent pid and session of a process, or undefined once it has gone. */
function statOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), session: Number(fields[3]) };
  } catch {
    return undefined;
  }
}

function residentBytes(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * PAGE_BYTES;
  } catch {
    return 0;
  }
}

function proportionalBytes(pid) {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function highWaterBytes(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Pids now running. */
function allPids() {
  return readdirSync('/proc').map(Number).filter(Number.isInteger);
}

/**
 * Pids of the tree rooted at `root`: its session, plus anything whose ancestry reaches it.
 * Processes that were already running when the command started (`before`) are not read:
 * on a busy machine reading every process's stat takes milliseconds.
 */
function treeOf(root, before) {
  const parents = new Map();
  const tree = new Set([root]);
  for (const pid of allPids()) {
    if (pid === root || before.has(pid)) continue;
    const stat = statOf(pid);
    if (!stat) continue;
    parents.set(pid, stat.ppid);
    if (stat.session === root) tree.add(pid);
  }
  for (const pid of parents.keys()) {
    for (let up = pid, hops = 0; up > 1 && hops < 64; up = parents.get(up) ?? 0, hops++) {
      if (up === root) {
        tree.add(pid);
        break;
      }
    }
  }
  return tree;
}

/**
 * Run `command args` to completion with stdout and stderr written to files.
 * Resolves { wallMs, cpuMs (user + system, with GNU time), peakRssBytes, peakPssBytes (trees only), processes, exitCode, signal, timedOut };
 * rejects only if it cannot start.
 */
export function measureProcess(command, args, { cwd, stdoutPath, stderrPath, timeoutMs, env }) {
  return new Promise((resolvePromise, reject) => {
    const out = openSync(stdoutPath, 'w');
    const err = openSync(stderrPath, 'w');
    const rusagePath = `${stdoutPath}.maxrss`;
    // Under GNU time the root of the tree is `time` itself: left out of the sums below.
    const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%M %U %S', '-o', rusagePath, command, ...args]] : [command, args];
    const before = new Set(allPids());
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd, env, detached: true, stdio: ['ignore', out, err] });
    closeSync(out);
    closeSync(err);
    if (child.pid) running.add(child.pid);
    let peak = 0;
    let peakPss = 0;
    let processes = 0;
    let samples = 0;
    let timedOut = false;
    const sample = () => {
      const tree = treeOf(child.pid, before);
      if (GNU_TIME) tree.delete(child.pid);
      let sum = 0;
      for (const pid of tree) sum += residentBytes(pid);
      peak = Math.max(peak, sum);
      processes = Math.max(processes, tree.size);
      // Proportional set size splits shared pages between the processes sharing them: the fair
      // figure for a tree, but costly to read (milliseconds per big process), so sampled 10× less.
      if (tree.size > 1 && samples++ % 10 === 0) {
        let pss = 0;
        for (const pid of tree) pss += proportionalBytes(pid);
        peakPss = Math.max(peakPss, pss);
      }
    };
    // Sampling costs CPU the measured tree could use (reading a big process's smaps_rollup takes
    // milliseconds): back off so that it stays near 4% of one core.
    let sampler;
    const tick = () => {
      const begun = performance.now();
      sample();
      sampler = setTimeout(tick, Math.max(SAMPLE_MS, (performance.now() - begun) * 25));
    };
    sampler = setTimeout(tick, SAMPLE_MS);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.once('spawn', sample);
    child.once('error', (error) => {
      clearTimeout(sampler);
      clearTimeout(timer);
      reject(new Error(`could not start ${command}`, { cause: error }));
    });
    child.once('exit', (exitCode, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(sampler);
      clearTimeout(timer);
      running.delete(child.pid);
      // Reap anything the child left behind in its session (Chromium helpers, say).
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // No stragglers.
      }
      // The largest single process's exact peak: a floor under the sampled sum.
      const usage = GNU_TIME ? gnuTimeUsage(rusagePath) : { maxRssBytes: highWaterBytes(child.pid), cpuMs: undefined };
      resolvePromise({ wallMs, cpuMs: usage.cpuMs, peakRssBytes: Math.max(peak, usage.maxRssBytes), peakPssBytes: processes > 1 ? peakPss : undefined, processes, exitCode, signal, timedOut });
    });
  });
}

/**
 * GNU time's `%M %U %S`: the maximum RSS of the largest process it waited for (kB), and the user and
 * system CPU seconds of the command and the children it waited for. CPU time is what a busy,
 * shared machine distorts least.
 */
function gnuTimeUsage(path) {
  try {
    const match = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(readFileSync(path, 'utf8').trim().split('\n').at(-1));
    if (match) return { maxRssBytes: Number(match[1]) * 1024, cpuMs: (Number(match[2]) + Number(match[3])) * 1000 };
  } catch {
    // No report: the command could not be run.
  }
  return { maxRssBytes: 0, cpuMs: undefined };
}

/** Kill every command still running (their whole sessions): for an interrupted benchmark. */
export function stopRunning() {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  running.clear();
}
