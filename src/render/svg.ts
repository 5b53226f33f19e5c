// SVG figures, made safe once for both packs: only drawing elements and presentation
// attributes survive, so no script, event handler, foreign HTML, link or outside reference
// reaches a pack (the HTML embeds the result as a data: image, the PDF draws it as vectors).

import { cleanHtml } from '../markdown/sanitize.js';

const ELEMENTS = [
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'switch', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern', 'marker', 'image',
];

const ATTRIBUTES = [
  'id', 'class', 'style', 'xmlns', 'xmlns:xlink', 'version', 'viewBox', 'preserveAspectRatio', 'width', 'height',
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'd', 'points', 'transform',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-miterlimit', 'opacity', 'color', 'display', 'visibility', 'overflow',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'alignment-baseline',
  'baseline-shift', 'letter-spacing', 'word-spacing', 'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'startOffset',
  'offset', 'stop-color', 'stop-opacity', 'gradientUnits', 'gradientTransform', 'spreadMethod',
  'clip-path', 'clip-rule', 'clipPathUnits', 'mask', 'maskUnits', 'maskContentUnits',
  'patternUnits', 'patternContentUnits', 'patternTransform',
  'marker-start', 'marker-mid', 'marker-end', 'markerWidth', 'markerHeight', 'markerUnits', 'refX', 'refY', 'orient',
  'href', 'xlink:href', 'vector-effect', 'role', 'aria-label', 'lang', 'xml:lang', 'xml:space',
];

/** Raster images inside an SVG may only be embedded data, never a file or an address. */
const EMBEDDED_IMAGE = /^data:image\/(?:png|jpeg);base64,/i;
/** `url(...)` that points anywhere but into the SVG itself. */
const OUTSIDE_URL = /url\(\s*['"]?\s*(?!#)/i;

function keepAttribute(tag: string, name: string, value: string): boolean {
  if (name === 'href' || name === 'xlink:href') return value.startsWith('#') || (tag === 'image' && EMBEDDED_IMAGE.test(value));
  return !OUTSIDE_URL.test(value) && !/expression\s*\(|javascript:/i.test(value);
}

/** A sanitised SVG and its intrinsic size in CSS pixels. */
export interface SafeSvg {
  svg: string;
  width: number;
  height: number;
}

/** The SVG with everything but drawing removed, or undefined when the text has no <svg> root. */
export function safeSvg(text: string): SafeSvg | undefined {
  const svg = cleanHtml(text, {
    allowedTags: ELEMENTS,
    allowedAttributes: { '*': ATTRIBUTES },
    allowedSchemes: [],
    allowedSchemesAppliedToAttributes: [],
    allowProtocolRelative: false,
    allowVulnerableTags: true, // <style>: its text is filtered below
    parser: { xmlMode: true, decodeEntities: true },
    nonTextTags: ['script', 'foreignObject', 'noscript', 'iframe', 'object'],
    transformTags: {
      '*': (tagName, attribs) => ({
        tagName,
        attribs: Object.fromEntries(Object.entries(attribs).filter(([name, value]) => keepAttribute(tagName, name, value))),
      }),
    },
    textFilter: (text, tagName) => (tagName === 'style' && (/@import/i.test(text) || OUTSIDE_URL.test(text)) ? '' : text),
  }).trim();
  const root = /^<svg\b([^>]*)>/.exec(svg);
  if (!root) return undefined;
  return { svg, ...intrinsicSize(root[1]!) };
}

const UNIT_PX: Record<string, number> = { '': 1, px: 1, pt: 96 / 72, pc: 16, in: 96, cm: 96 / 2.54, mm: 96 / 25.4, em: 16, ex: 8 };

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(attributes)?.[1];
}

/** A length in CSS pixels; undefined for percentages and nonsense. */
function length(value: string | undefined): number | undefined {
  const match = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(value ?? '');
  const unit = match ? UNIT_PX[match[2]!.toLowerCase()] : undefined;
  const px = match && unit ? Number(match[1]) * unit : undefined;
  return px && px > 0 && Number.isFinite(px) ? px : undefined;
}

/** Size from width/height, completed from the viewBox's proportions; 300 × 150, as browsers do, when neither says. */
function intrinsicSize(attributes: string): { width: number; height: number } {
  const box = (attribute(attributes, 'viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  const ratio = box.length === 4 && box[2]! > 0 && box[3]! > 0 ? box[3]! / box[2]! : undefined;
  const width = length(attribute(attributes, 'width'));
  const height = length(attribute(attributes, 'height'));
  if (width && height) return { width, height };
  if (width && ratio) return { width, height: width * ratio };
  if (height && ratio) return { width: height / ratio, height };
  if (ratio) return { width: box[2]!, height: box[3]! };
  return { width: width ?? 300, height: height ?? 150 };
}
