// Body templates for `hub new`, like Hugo's archetypes: a hub may keep its own in
// `publications/_templates/<type>.md`; otherwise each type has a built-in one.
// A template is the body only (hub new writes the front matter from the answers)
// and may use the answers as `{{ title }}`, `{{ authors }}`, `{{ date }}`,
// `{{ type }}` and `{{ summary }}`.

import { join } from 'node:path';
import type { Answers } from './draft.js';
import { displayPath, TEMPLATES_DIR } from '../load/load.js';
import type { Hub } from '../model.js';
import { isKebabCase } from '../check/schema.js';
import { readTextIfExists } from '../io/files.js';

export interface Template {
  text: string;
  /** Where it came from, for messages: a path, or "the built-in <type> template". */
  source: string;
}

const BUILT_IN: Readonly<Record<string, string>> = {
  paper: `## Introduction

_Why this paper, and why now: the question it answers and who it is for._

## The problem

_What is going wrong, for whom, and what it costs. Cite your evidence._

## What we found

## What we propose

## Next steps
`,
  essay: `## The argument

_State the argument in two or three sentences, then make the case. An essay speaks in the author's own voice; use headings only where they help the reader._
`,
  report: `## Summary of findings

_The findings in five bullet points or fewer, for a reader who stops here._

## Background

## Method

_Who you spoke to, what you read, and the limits of the evidence._

## Findings

## Recommendations
`,
  briefing: `## The issue in brief

_Two sentences a minister could repeat._

## Background

## Options

## Recommendation

## Contact

{{ authors }}, {{ hub }}.
`,
};

const GENERIC = `## Introduction

_Write the {{ type }} here._
`;

function readTemplate(path: string): string | undefined {
  try {
    return readTextIfExists(path);
  } catch (error) {
    throw new Error(`Cannot read the template ${displayPath(path)}`, { cause: error });
  }
}

/** The template hub has built in for `type` (`hub init` writes these into a new hub). */
export function builtInTemplate(type: string): string {
  return BUILT_IN[type] ?? GENERIC;
}

/** The hub's own template for `type`, else the built-in one. */
export function templateFor(hub: Hub, type: string): Template {
  // Types are kebab-case words, so this can name no file outside _templates/.
  const path = isKebabCase(type) ? join(hub.publicationsDir, TEMPLATES_DIR, `${type}.md`) : undefined;
  const written = path === undefined ? undefined : readTemplate(path);
  if (path === undefined || written === undefined) return { text: builtInTemplate(type), source: `the built-in ${type} template` };
  const text = written.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (/^---[ \t]*\n/.test(text)) {
    throw new Error(`The template ${displayPath(path)} starts with front matter; a template holds the body only (hub new writes the front matter from the answers). Remove its --- block.`);
  }
  return { text, source: displayPath(path) };
}

/** A value as literal Markdown text: no emphasis, links, HTML or block markers sneak in. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>~|]/g, '\\$&')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Fill the template's placeholders with the answers (and the hub's name), as literal text. */
export function fillTemplate(template: Template, answers: Answers, hubName: string): string {
  const values: Record<string, string> = {
    hub: hubName,
    title: answers.title,
    authors: joinNames(answers.authors),
    date: answers.date,
    type: answers.type,
    summary: answers.summary ?? '',
  };
  const unknown = new Set<string>();
  const filled = template.text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(values, name)) {
      unknown.add(name);
      return whole;
    }
    return escapeMarkdown(values[name]!);
  });
  if (unknown.size > 0) {
    const names = [...unknown].map((name) => `{{ ${name} }}`).join(', ');
    throw new Error(`${template.source} uses ${names}, which hub new cannot fill; it knows {{ ${Object.keys(values).join(' }}, {{ ')} }}.`);
  }
  return filled;
}
