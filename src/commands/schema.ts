// hub schema: the front-matter JSON Schema, for editors that check YAML as you type.

import { checkContext } from '../load.js';
import { paperJsonSchema } from '../schema.js';
import { hubFrom, type HubOptions } from './options.js';

export async function schema(options: HubOptions): Promise<number> {
  const hub = await hubFrom(options, 'exact');
  process.stdout.write(`${JSON.stringify(paperJsonSchema(checkContext(hub)), null, 2)}\n`);
  return 0;
}
