// Colour only for people: on a terminal, unless NO_COLOR is set (https://no-color.org).
// chalk is loaded only when colour is on, keeping piped and scripted runs light.

export interface Colour {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  cyan(text: string): string;
  italic(text: string): string;
}

export const plain: Colour = { red: String, yellow: String, green: String, dim: String, bold: String, cyan: String, italic: String };

export function wantsColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export async function colourFor(stream: NodeJS.WriteStream): Promise<Colour> {
  if (!wantsColour(stream)) return plain;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return { red: chalk.red, yellow: chalk.yellow, green: chalk.green, dim: chalk.dim, bold: chalk.bold, cyan: chalk.cyan, italic: chalk.italic };
}
