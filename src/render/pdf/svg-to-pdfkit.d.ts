// svg-to-pdfkit ships no types; this declares the part of it the PDF renderer uses.
declare module 'svg-to-pdfkit' {
  interface Options {
    width: number;
    height: number;
    preserveAspectRatio: string;
    fontCallback: (family: string, bold: boolean, italic: boolean) => string;
    imageCallback: (link: string) => string;
    warningCallback: (warning: string) => void;
  }
  export default function SVGtoPDF(doc: object, svg: string, x: number, y: number, options: Options): void;
}
