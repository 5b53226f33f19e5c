// hub init: make a folder a hub. Every file is planned first; if a hub, or any file it
// would write, is already there, nothing is changed. The files are made together or not at
// all, and a Ctrl-C at the prompt (or while writing) leaves nothing behind.

import { basename, join, relative, resolve } from 'node:path';
import { checkText } from '../../check/fields.js';
import { CONFIG_FIELDS, DEFAULT_LANG, DEFAULT_TYPES } from '../../check/schema.js';
import { hubConfigText, type ConfigValues } from '../../draft/config.js';
import { builtInTemplate } from '../../draft/templates.js';
import { exists } from '../../io/files.js';
import { createAllExclusive, FileExistsError } from '../../io/write.js';
import { DEFAULT_LICENCE } from '../../licences.js';
import { CONFIG_FILE, displayPath, PACKS_DIR, PUBLICATIONS_DIR, TEMPLATES_DIR } from '../../load/load.js';
import { colourFor } from '../colour.js';
import { CancelledError, UsageError } from '../errors.js';
import { gitUserName } from './new.js';

export interface InitOptions {
  name?: string;
  yes?: boolean;
}

const NAME_FIELD = CONFIG_FIELDS.find((field) => field.name === 'name')!;
const NO_CONTEXT = { types: [], tags: [] };
const CANCELLED = 'Cancelled; nothing was written';

/** "policy-lab" → "Policy Lab". */
export function nameFromFolder(folder: string): string {
  const words = folder.replace(/[-_.]+/g, ' ').trim().split(/\s+/).filter(Boolean);
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ') || 'Policy Hub';
}

function nameProblem(name: string): string | undefined {
  const problem = checkText(NAME_FIELD, name, NO_CONTEXT);
  return problem ? `name ${problem.message}.${problem.hint ? ` ${problem.hint}` : ''}` : undefined;
}

async function askName(suggested: string): Promise<string> {
  const { default: inquirer } = await import('inquirer');
  const promptModule = inquirer.createPromptModule(process.stdout.isTTY ? {} : { output: process.stderr });
  try {
    const question = { type: 'input', name: 'value', message: "The hub's name (shown on every pack's cover)", default: suggested, validate: (text: string) => nameProblem(text.trim()) ?? true };
    const { value } = (await promptModule([question as never])) as { value: string };
    return value.trim();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new CancelledError(CANCELLED);
    throw error;
  }
}

export async function init(dir: string | undefined, options: InitOptions): Promise<number> {
  const root = resolve(dir ?? '.');
  const shown = displayPath(root) || '.';
  const configPath = join(root, CONFIG_FILE);
  const publications = join(root, PUBLICATIONS_DIR);
  const existingHub = [configPath, publications].filter(exists);
  if (existingHub.length > 0) {
    throw new Error(`${shown} is already a hub (it has ${existingHub.map((path) => relative(root, path)).join(' and ')}); nothing was changed.`);
  }
  if (options.name !== undefined) {
    const problem = nameProblem(options.name.trim());
    if (problem) throw new UsageError(`--name: ${problem}`);
  }
  const suggested = options.name?.trim() ?? nameFromFolder(basename(root));
  const interactive = options.name === undefined && options.yes !== true && process.stdin.isTTY === true;
  const name = interactive ? await askName(suggested) : suggested;

  const author = gitUserName(exists(root) ? root : process.cwd());
  const values: ConfigValues = {
    name, publisher: name, licence: DEFAULT_LICENCE, lang: DEFAULT_LANG, types: DEFAULT_TYPES,
    ...(author !== undefined && checkText(CONFIG_FIELDS.find((field) => field.name === 'default-author')!, author, NO_CONTEXT) === undefined ? { 'default-author': author } : {}),
  };
  const files = [
    { path: configPath, text: hubConfigText(values) },
    { path: join(root, '.gitignore'), text: '# Packs made by hub export\nexports/\n' },
    ...DEFAULT_TYPES.map((type) => ({ path: join(publications, TEMPLATES_DIR, `${type}.md`), text: builtInTemplate(type) })),
  ];
  const taken = files.filter((file) => exists(file.path));
  if (taken.length > 0) throw new Error(`${taken.map((file) => displayPath(file.path)).join(', ')} already exist${taken.length === 1 ? 's' : ''}; nothing was changed.`);
  try {
    await createAllExclusive([join(publications, PACKS_DIR)], files);
  } catch (error) {
    if (error instanceof FileExistsError) throw new Error(`${displayPath(error.path)} appeared while hub init was writing; nothing was changed.`);
    throw error;
  }

  const colour = await colourFor(process.stdout);
  process.stdout.write(`${colour.green('Made a hub')} in ${shown}: ${CONFIG_FILE}, .gitignore, ${PUBLICATIONS_DIR}/ with ${TEMPLATES_DIR}/ (a template per type) and ${PACKS_DIR}/.\n`);
  const into = dir === undefined ? '' : `cd ${/^[\w@%+=:,./-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", `'\\''`)}'`} && `;
  process.stdout.write(`Next: ${colour.bold(`${into}hub new "A title"`)}, then ${colour.bold('hub validate')} and ${colour.bold('hub export')}.\n`);
  return 0;
}
