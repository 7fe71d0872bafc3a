/**
 * Text widths for sizing cards, from a canvas 2D context. Asking SVG text for its length
 * (getComputedTextLength, getBBox) makes the browser style and lay out every card drawn so far, and
 * again after each step of shortening a long name; a canvas measures with the same fonts without
 * touching the document.
 */

/** A font as the canvas takes it, read from the computed style of an element of the graph. */
export interface TextStyle {
  readonly font: string;
  readonly letterSpacing: string;
}

export function textStyleOf(element: Element): TextStyle {
  const style = getComputedStyle(element);
  return {
    font: `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`,
    letterSpacing: style.letterSpacing === 'normal' ? '0px' : style.letterSpacing,
  };
}

/** A redraw while typing measures the same names again; past this many the cache starts over. */
const cacheLimit = 20_000;

export class TextMeasure {
  private readonly context: CanvasRenderingContext2D;
  private readonly widths = new Map<string, number>();

  constructor() {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) throw new Error('The webview has no canvas 2D context to measure text with.');
    this.context = context;
  }

  width(style: TextStyle, text: string): number {
    const key = `${style.font}\n${style.letterSpacing}\n${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = this.measure(style, text);
      if (this.widths.size >= cacheLimit) this.widths.clear();
      this.widths.set(key, width);
    }
    return width;
  }

  /** `text`, shortened with an ellipsis when it is wider than `maxWidth`, and its width. */
  fit(style: TextStyle, text: string, maxWidth: number): { readonly text: string; readonly width: number } {
    const width = this.width(style, text);
    if (width <= maxWidth) return { text, width };
    let low = 0;
    let high = text.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.width(style, `${text.slice(0, middle)}…`) <= maxWidth) low = middle;
      else high = middle - 1;
    }
    const shortened = `${text.slice(0, low)}…`;
    return { text: shortened, width: this.width(style, shortened) };
  }

  private measure(style: TextStyle, text: string): number {
    const context = this.context;
    context.font = style.font;
    context.letterSpacing = style.letterSpacing;
    return context.measureText(text).width;
  }
}
