// The hub.config.yaml that `hub init` writes: every key of the schema in order, each under
// its description as a comment; the keys it does not set are there too, commented out.

import { stringify } from 'yaml';
import { CONFIG_FIELDS } from '../check/schema.js';

export type ConfigValues = Readonly<Record<string, string | readonly string[]>>;

function yamlValue(value: string | readonly string[]): string {
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
}

export function hubConfigText(values: ConfigValues): string {
  const lines = ['# The settings of this hub. Every key is optional: a missing one takes the default in [brackets].', '# `hub validate` checks this file; `hub schema` describes the papers\' fields.'];
  for (const field of CONFIG_FIELDS) {
    const value = values[field.name];
    lines.push('', `# ${field.description}`, value === undefined ? `# ${field.name}: ${field.example.replace(/\n.*/s, '')}` : `${field.name}: ${yamlValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
