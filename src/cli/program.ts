// Commander wiring. The only place that prints errors and sets exit codes;
// each verb's module is loaded only when that verb runs.

import type { Command, Option } from 'commander';
import { CancelledError, UsageError } from './errors.js';
import { hubVersion } from '../io/version.js';
import { WriteError } from '../io/write.js';
import { restoringHeapSettings } from '../heap.js';

const EXIT = { ok: 0, problems: 1, usage: 2, interrupted: 130 } as const;


/** `--tag a,b --tag c` → [a, b, c]. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((part) => part.trim()).filter(Boolean)];
}


function withFilters(command: Command): Command {
  return command
    .option('--type <type>', 'only these types (repeatable, or comma-separated)', collect)
    .option('--status <status>', 'only draft, review or published (repeatable)', collect)
    .option('--tag <tag>', 'only papers with one of these tags (repeatable)', collect)
    .option('--author <name>', 'only papers by an author whose name contains this (repeatable)', collect)
    .option('--year <yyyy>', 'only papers dated in this year (repeatable)', collect)
    .option('--sort <key>', 'order by date, title, type or status')
    .option('--reverse', 'reverse the order');
}

/** A run asked for data (`--json`): its errors are data too, on stderr. */
const JSON_ERRORS = process.argv.slice(2).includes('--json');

/** Print an error for a person, or as `{"error": {"message", "exit"}}` under --json; returns the exit code. */
function fail(message: string, exit: number, details = ''): number {
  if (JSON_ERRORS) process.stderr.write(`${JSON.stringify({ error: { message, exit } })}\n`);
  else process.stderr.write(`${exit === EXIT.interrupted ? '' : 'hub: '}${message}\n${details}`);
  return exit;
}

/** Errors the user can act on are printed as one sentence; anything else with its causes. */
function report(error: unknown): number {
  if (error instanceof UsageError) return fail(error.message, EXIT.usage);
  if (error instanceof CancelledError) return fail(error.message, EXIT.interrupted);
  if (error instanceof WriteError) return fail(error.message, EXIT.problems);
  let details = '';
  for (let cause = error instanceof Error ? error.cause : undefined; cause; cause = cause instanceof Error ? cause.cause : undefined) {
    details += `  caused by: ${cause instanceof Error ? cause.message : String(cause)}\n`;
  }
  if (process.env.HUB_DEBUG && error instanceof Error) details += `${error.stack}\n`;
  return fail(error instanceof Error ? error.message : String(error), EXIT.problems, details);
}

async function run(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (error) {
    process.exitCode = report(error);
  }
}

/** The commands, their options and help. commander is loaded here, not for `--version`. */
async function buildProgram(): Promise<Command> {
  const { Command, Option } = await import('commander');
  const dirOption = (): Option => new Option('--dir <path>', 'the hub folder (default: $HUB_DIR, else the current folder)');

  const program = new Command('hub')
    .description('The publications desk of a policy innovation hub: draft, list, validate and export papers.')
    .version(hubVersion(), '-V, --version', 'print the version')
    .addOption(dirOption())
    .exitOverride();
  // Under --json, commander's own messages become JSON errors (see parse()).
  if (JSON_ERRORS) program.configureOutput({ outputError: () => {} });
  else program.showHelpAfterError('(run hub --help for usage)');
  // `hub --dir X list` means `hub list --dir X`: a verb's own --dir wins.
  program.hook('preAction', (_program, verb) => {
    const dir = program.opts<{ dir?: string }>().dir;
    if (dir !== undefined && verb.getOptionValue('dir') === undefined) verb.setOptionValue('dir', dir);
  });

  withFilters(program.command('list').description('list the hub\'s publications as a table, JSON or CSV'))
    .addOption(dirOption())
    .option('--json', 'print the rows as JSON')
    .option('--csv', 'print the rows as CSV')
    .action((options) => run(async () => (await import('./commands/list.js')).list(options)));

  program.command('validate')
    .description('check metadata, links and images; one line per problem')
    .argument('[files...]', 'papers to check (default: all, plus pack manifests)')
    .addOption(dirOption())
    .option('--strict', 'treat warnings as errors')
    .option('--json', 'print the diagnostics as JSON')
    .action((files: string[], options) => run(async () => (await import('./commands/validate.js')).validate(files, options)));

  program.command('new')
    .description('draft a new paper: prompts for whatever the flags do not give')
    .argument('[title]', 'the title')
    .addOption(dirOption())
    .option('--type <type>', 'paper, essay, report, briefing (or the hub\'s own types)')
    .option('--author <name>', 'an author (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--tag <tag>', 'a tag (repeatable, or comma-separated)', collect)
    .option('--summary <text>', 'a summary of at most 120 words')
    .option('--date <yyyy-mm-dd>', 'the date (default: today)')
    .option('--slug <slug>', 'the file name without .md (default: from the title)')
    .option('--status <status>', 'draft, review or published', 'draft')
    .option('-y, --yes', 'take the defaults for everything not given; never prompt')
    .option('--edit', 'open the new file in $VISUAL or $EDITOR')
    .action((title: string | undefined, options) => run(async () => (await import('./commands/new.js')).newPaper(title, options)));

  withFilters(program.command('export'))
    .description('export a reader pack: one accessible HTML file, or a tagged PDF')
    .argument('[slugs...]', 'papers to include (default: all that match the filters)')
    .addOption(dirOption())
    .option('--pack <name>', 'a curated pack: publications/packs/NAME.yaml')
    .option('--include-drafts', 'include draft and review pieces (default: published only)')
    .option('--format <formats>', 'html, pdf, or html,pdf (default: html)', collect)
    .option('--out <file>', 'output file (default: exports/<pack-slug>.<format>)')
    .option('--title <title>', 'the pack\'s title')
    .option('--paper <size>', 'PDF paper size: a4 or letter')
    .option('--force', 'write the pack despite errors, each shown as a warning and degraded visibly')
    .action((slugs: string[], options) => run(async () => restoringHeapSettings(async () => (await import('./commands/export.js')).exportPack(slugs, options))));

  withFilters(program.command('preview'))
    .description('serve the HTML pack on this machine and follow your edits as you save them')
    .argument('[slugs...]', 'papers to include (default: all that match the filters)')
    .addOption(dirOption())
    .option('--pack <name>', 'a curated pack: publications/packs/NAME.yaml')
    .option('--published-only', 'leave out draft and review pieces (preview includes them by default)')
    .option('--title <title>', 'the pack\'s title')
    .option('--paper <size>', 'paper size of /pack.pdf: a4 or letter')
    .option('--port <n>', 'the port (default: the first free one from 4000; 0: any free port)')
    .option('--host <address>', 'the address to listen on (default: 127.0.0.1, this machine only)')
    .action((slugs: string[], options) => run(async () => (await import('./commands/preview.js')).preview(slugs, options)));
  withFilters(program.command('cite'))
    .description('print references for papers: Harvard text, BibTeX, RIS or CSL-JSON')
    .argument('[slugs...]', 'papers to cite (default: all published papers that match the filters)')
    .addOption(dirOption())
    .option('--format <format>', 'text (Harvard), bibtex, ris or csl-json', 'text')
    .option('--include-drafts', 'cite draft and review papers too')
    .action((slugs: string[], options) => run(async () => (await import('./commands/cite.js')).cite(slugs, options)));

  program.command('init')
    .description('make a folder a hub: hub.config.yaml, publications/ with templates, packs/ and .gitignore')
    .argument('[dir]', 'the folder (default: the current folder; made if missing)')
    .option('--name <name>', "the hub's name (default: from the folder's name)")
    .option('-y, --yes', 'take the defaults; never prompt')
    .action((dir: string | undefined, options) => run(async () => (await import('./commands/init.js')).init(dir, options)));

  program.command('schema')
    .description('print the JSON Schema of paper front matter (for editors)')
    .addOption(dirOption())
    .option('--markdown', 'print the field table as Markdown instead')
    .option('--codes', 'print the table of diagnostic codes as Markdown instead')
    .action((options) => run(async () => (await import('./commands/schema.js')).schema(options)));

  return program;
}

/** Parse the command line and run the verb it names; the exit code is left in process.exitCode. */
export async function parse(): Promise<void> {
  // `hub list | head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });

  process.on('SIGINT', () => {
    void Promise.all([import('../io/write.js'), import('./interrupt.js')]).then(async ([{ removePendingFiles }, { closeAll }]) => {
      removePendingFiles();
      await closeAll();
      process.stderr.write('\nInterrupted; nothing was written.\n');
      process.exit(EXIT.interrupted);
    });
  });

  const { CommanderError } = await import('commander');
  try {
    await (await buildProgram()).parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; anything else commander rejects is a usage error.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      if (JSON_ERRORS && error.exitCode !== 0) fail(error.message.replace(/^error: /, ''), EXIT.usage);
    } else {
      process.exitCode = report(error);
    }
  }
}
