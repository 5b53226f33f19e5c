// hub schema: the front-matter JSON Schema, for editors that check YAML as you type.

import { checkContext } from '../../check/hub.js';
import { fieldsMarkdownTable, paperJsonSchema } from '../../check/schema.js';
import { codesMarkdownTable } from '../../codes.js';
import { hubFrom, type HubOptions } from '../options.js';

export interface SchemaOptions extends HubOptions {
  markdown?: boolean;
  codes?: boolean;
}

export async function schema(options: SchemaOptions): Promise<number> {
  if (options.codes) {
    process.stdout.write(`${codesMarkdownTable()}\n`);
    return 0;
  }
  if (options.markdown) {
    process.stdout.write(`${fieldsMarkdownTable()}\n`);
    return 0;
  }
  const hub = await hubFrom(options);
  process.stdout.write(`${JSON.stringify(paperJsonSchema(checkContext(hub)), null, 2)}\n`);
  return 0;
}
