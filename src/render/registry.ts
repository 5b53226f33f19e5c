// Which renderer makes which format. Each is imported only when asked for, so
// `hub export --format html` never loads pdfkit. A new format is one line here.

import type { Format, Renderer } from '../model.js';

export const RENDERERS: Record<Format, () => Promise<Renderer>> = {
  html: async () => (await import('./html/index.js')).htmlRenderer,
  pdf: async () => (await import('./pdf/index.js')).pdfRenderer,
  epub: async () => (await import('./epub/index.js')).epubRenderer,
};
