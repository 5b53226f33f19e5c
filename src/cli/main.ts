// The `hub` command. `hub --version`, the commonest scripted call, is answered before the
// argument parser and the verbs' wiring (./program.js) are loaded.

import { hubVersion } from '../io/version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) process.stdout.write(`${hubVersion()}\n`);
else await (await import('./program.js')).parse();
