// hub new: draft a paper. Flags give answers; prompts (inquirer, loaded only here)
// ask for the rest, checking each answer with the rules `hub validate` applies.
// Without a terminal nothing is ever asked: missing answers are a usage error.

import { execFileSync, spawnSync } from 'node:child_process';
import { removeFile } from '../../io/files.js';
import { join } from 'node:path';
import { colourFor, plain } from '../colour.js';
import { draftText, slugFor, slugProblem, type Answers } from '../../draft/draft.js';
import { CancelledError, UsageError } from '../errors.js';
import { checkText } from '../../check/fields.js';
import { displayPath, paperFiles, slugOf } from '../../load/load.js';
import { checkContext } from '../../check/hub.js';
import type { Hub, Status } from '../../model.js';
import { formatDiagnostic } from '../report.js';
import { PAPER_FIELDS, type CheckContext, type FieldSpec, type Problem } from '../../check/schema.js';
import { fillTemplate, templateFor } from '../../draft/templates.js';
import { validateSome } from '../../check/validate.js';
import { createExclusive, FileExistsError } from '../../io/write.js';
import { hubFrom, type HubOptions } from '../options.js';

export interface NewOptions extends HubOptions {
  type?: string;
  author?: string[];
  tag?: string[];
  summary?: string;
  date?: string;
  slug?: string;
  status?: string;
  yes?: boolean;
  edit?: boolean;
}

const CANCELLED = 'Cancelled; nothing was written';
const AUTHOR_SEPARATOR = ';';

function spec(name: string): FieldSpec {
  const found = PAPER_FIELDS.find((field) => field.name === name);
  if (!found) throw new Error(`PAPER_FIELDS has no field ${name}`);
  return found;
}

const FIELD = {
  title: spec('title'), type: spec('type'), authors: spec('authors'), date: spec('date'),
  status: spec('status'), summary: spec('summary'), tags: spec('tags'),
};

/** `label "value" is not … . Hint.` — the same words `hub validate` uses. */
function describe(label: string, problem: Problem): string {
  return `${label} ${problem.message}.${problem.hint ? ` ${problem.hint}` : ''}`;
}

/** Today in the local calendar (not UTC): the date the author sees on their wall. */
function today(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function gitUserName(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The hub config's default author, else git's user.name; only if it would pass validation. */
function defaultAuthor(hub: Hub, context: CheckContext): string | undefined {
  const name = hub.config.defaultAuthor ?? gitUserName(hub.root);
  return name !== undefined && checkText(FIELD.authors, name, context) === undefined ? name : undefined;
}

/** What the flags (and the positional title) answer, each checked; a bad value is a usage error. */
interface Given {
  title?: string;
  type?: string;
  authors?: string[];
  date?: string;
  status: Status;
  summary?: string;
  tags?: string[];
}

function fromFlags(title: string | undefined, options: NewOptions, context: CheckContext): Given {
  const checked = (label: string, field: FieldSpec, value: string): string => {
    const text = value.trim();
    const problem = checkText(field, text, context);
    if (problem) throw new UsageError(describe(label, problem));
    return text;
  };
  const status = checked('--status', FIELD.status, options.status ?? 'draft') as Status;
  const given: Given = { status };
  if (title !== undefined) given.title = checked('the title', FIELD.title, title);
  if (options.type !== undefined) given.type = checked('--type', FIELD.type, options.type);
  if (options.author !== undefined) given.authors = options.author.map((author) => checked('--author', FIELD.authors, author));
  if (options.date !== undefined) given.date = checked('--date', FIELD.date, options.date);
  if (options.summary !== undefined) given.summary = checked('--summary', FIELD.summary, options.summary);
  if (options.tag !== undefined) given.tags = [...new Set(options.tag.map((tag) => checked('--tag', FIELD.tags, tag)))];
  if (options.slug !== undefined) {
    const problem = slugProblem(options.slug);
    if (problem) throw new UsageError(`--slug ${JSON.stringify(options.slug)} ${problem}.`);
  }
  return given;
}

/** Fill what the flags left out with defaults, or fail naming every missing flag. */
function withDefaults(given: Given, hub: Hub, context: CheckContext, options: NewOptions): Answers {
  const missing: string[] = [];
  if (given.title === undefined) missing.push('the TITLE argument');
  const type = given.type ?? (options.yes ? hub.config.types[0] : undefined);
  if (type === undefined) missing.push('--type');
  const fallbackAuthor = options.yes ? defaultAuthor(hub, context) : undefined;
  const authors = given.authors ?? (fallbackAuthor !== undefined ? [fallbackAuthor] : undefined);
  if (authors === undefined) missing.push('--author');
  if (given.status === 'published' && given.summary === undefined) missing.push('--summary (a published paper needs one)');
  if (missing.length > 0) {
    const why = options.yes
      ? `--yes was given, so hub does not ask${authors === undefined ? '; there is no default-author in hub.config.yaml and no git user.name' : ''}`
      : 'standard input is not a terminal, so hub cannot ask; --yes takes the defaults for type and author';
    throw new UsageError(`missing ${missing.join(', ')} (${why}).`);
  }
  return {
    title: given.title!, type: type!, authors: authors!,
    date: given.date ?? today(), status: given.status, tags: given.tags ?? [],
    ...(given.summary !== undefined ? { summary: given.summary } : {}),
  };
}

/** Which existing paper already uses `slug` (in any folder: slugs are unique hub-wide). */
function paperWithSlug(hub: Hub, slug: string): string | undefined {
  const path = paperFiles(hub).find((file) => slugOf(file, hub.publicationsDir) === slug);
  return path === undefined ? undefined : displayPath(path);
}

function slugTakenMessage(existing: string): string {
  return `${existing} already exists; nothing was written. Choose another file name with --slug NAME (or another title).`;
}

function ensureSlugFree(hub: Hub, slug: string): void {
  const existing = paperWithSlug(hub, slug);
  if (existing !== undefined) throw new Error(slugTakenMessage(existing));
}

type Validator<T> = (value: T) => true | string;

/** Ask for what the flags did not give. Each answer is checked as it is typed and asked again with the reason. */
async function ask(given: Given, hub: Hub, context: CheckContext, options: NewOptions): Promise<Answers> {
  const { default: inquirer } = await import('inquirer');
  // When stdout is piped (`hub new | tee log`), the questions still reach the person, on stderr.
  const promptModule = inquirer.createPromptModule(process.stdout.isTTY ? {} : { output: process.stderr });
  const prompt = async <T>(question: Record<string, unknown>): Promise<T> => {
    try {
      const answers = (await promptModule([{ ...question, name: 'value' } as never])) as { value: T };
      return answers.value;
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') throw new CancelledError(CANCELLED);
      throw error;
    }
  };
  const checkOne = (field: FieldSpec, value: string): true | string => {
    const problem = checkText(field, value, context);
    return problem ? describe(field.name, problem) : true;
  };
  const splitList = (text: string, separator: string): string[] => text.split(separator).map((part) => part.trim()).filter(Boolean);
  const checkList = (field: FieldSpec, separator: string, optional: boolean): Validator<string> => (text) => {
    const items = splitList(text, separator);
    if (items.length === 0) return optional ? true : checkOne(field, '');
    for (const item of items) {
      const verdict = checkOne(field, item);
      if (verdict !== true) return verdict;
    }
    return true;
  };
  const dateNow = given.date ?? today();

  const title = given.title ?? (await prompt<string>({
    type: 'input',
    message: 'Title',
    validate: ((text) => {
      const verdict = checkOne(FIELD.title, text.trim());
      if (verdict !== true || options.slug !== undefined) return verdict;
      const existing = paperWithSlug(hub, slugFor(text.trim(), dateNow));
      return existing === undefined ? true : `${existing} already exists: choose another title (or pass --slug NAME).`;
    }) satisfies Validator<string>,
  })).trim();

  const types = context.types;
  const type = given.type ?? (types.length === 1 ? types[0]! : await prompt<string>({
    type: 'select',
    message: 'Type',
    choices: types.map((name) => ({ name, value: name })),
  }));

  let authors = given.authors;
  if (authors === undefined) {
    const authorDefault = defaultAuthor(hub, context);
    authors = splitList(await prompt<string>({
      type: 'input',
      message: `Authors (separate several with ${AUTHOR_SEPARATOR})`,
      ...(authorDefault !== undefined ? { default: authorDefault } : {}),
      validate: checkList(FIELD.authors, AUTHOR_SEPARATOR, false),
    }), AUTHOR_SEPARATOR);
  }

  const date = given.date ?? (await prompt<string>({
    type: 'input',
    message: 'Date (YYYY-MM-DD)',
    default: dateNow,
    validate: ((text) => checkOne(FIELD.date, text.trim())) satisfies Validator<string>,
  })).trim();

  const published = given.status === 'published';
  const summary = given.summary ?? ((await prompt<string>({
    type: 'input',
    message: published ? 'Summary (required: the paper is published)' : 'Summary (optional for a draft; Enter to skip)',
    validate: ((text) => (text.trim() === '' && !published ? true : checkOne(FIELD.summary, text.trim()))) satisfies Validator<string>,
  })).trim() || undefined);

  const tags = given.tags ?? (context.tags.length > 0
    ? await prompt<string[]>({ type: 'checkbox', message: 'Tags', choices: context.tags.map((tag) => ({ name: tag, value: tag })) })
    : [...new Set(splitList(await prompt<string>({ type: 'input', message: 'Tags (comma-separated; Enter for none)', validate: checkList(FIELD.tags, ',', true) }), ','))]);

  return { title, type, authors, date, status: given.status, tags, ...(summary !== undefined ? { summary } : {}) };
}

/** Re-read the new file as `hub validate` would; a paper it rejects is removed, never left behind. */
async function checkWritten(hub: Hub, path: string, templateSource: string): Promise<void> {
  const errors = (await validateSome(hub, [path])).diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length === 0) return;
  removeFile(path);
  throw new Error(`The new paper would fail hub validate, so it was not kept (check ${templateSource}):\n${errors.map((error) => formatDiagnostic(error, plain)).join('\n')}`);
}

/** A word for a shell command line, quoted only when it needs to be. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

function openEditor(editor: string, path: string): void {
  // As git does: $EDITOR may carry arguments ("code --wait"), so the shell splits it.
  const result = process.platform === 'win32'
    ? spawnSync(`${editor} "${path}"`, { stdio: 'inherit', shell: true })
    : spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'sh', path], { stdio: 'inherit' });
  if (result.error) throw new Error(`Could not start the editor ${JSON.stringify(editor)}; the paper was created at ${displayPath(path)}`, { cause: result.error });
  if (result.status !== 0) throw new Error(`The editor ${JSON.stringify(editor)} exited with ${result.status ?? result.signal}; the paper was created at ${displayPath(path)}.`);
}

export async function newPaper(title: string | undefined, options: NewOptions): Promise<number> {
  const hub = await hubFrom(options);
  const context = checkContext(hub);
  const given = fromFlags(title, options, context);
  // A taken --slug is reported before any question is asked.
  if (options.slug !== undefined) ensureSlugFree(hub, options.slug);
  const interactive = options.yes !== true && process.stdin.isTTY === true;
  const answers = interactive ? await ask(given, hub, context, options) : withDefaults(given, hub, context, options);

  const slug = options.slug ?? slugFor(answers.title, answers.date);
  ensureSlugFree(hub, slug);
  const template = templateFor(hub, answers.type);
  const path = join(hub.publicationsDir, `${slug}.md`);
  try {
    await createExclusive(path, draftText(answers, fillTemplate(template, answers, hub.config.name)));
  } catch (error) {
    if (error instanceof FileExistsError) throw new Error(slugTakenMessage(displayPath(path)));
    throw error;
  }
  await checkWritten(hub, path, template.source);

  const colour = await colourFor(process.stdout);
  const shown = displayPath(path);
  const dir = options.dir !== undefined ? ` --dir ${shellWord(options.dir)}` : '';
  const exportStep = answers.status === 'published' ? `hub export${dir}` : `hub export${dir} --include-drafts ${slug}`;
  process.stdout.write(`${colour.green('Created')} ${shown}\n`);
  process.stdout.write(`Next: write it, then run ${colour.bold(`\`hub validate${dir} ${shellWord(shown)}\``)} and ${colour.bold(`\`${exportStep}\``)}.\n`);
  if (options.edit) {
    const editor = process.env.VISUAL || process.env.EDITOR;
    if (editor) openEditor(editor, path);
    else process.stdout.write('No editor to open: set $VISUAL or $EDITOR to use --edit.\n');
  }
  return 0;
}
