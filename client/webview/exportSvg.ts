import { visibleText } from '../../server/src/protocol/visibleText';

/**
 * The drawn graph as a standalone SVG file. The webview's colours come from VS Code's CSS
 * variables, which exist only inside the webview, so every element gets its computed style as
 * presentation attributes; the file then looks the same in any viewer.
 */

const inlinedProperties = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

/** Attributes that serve the live view (focus, click targets) and mean nothing in a file. */
const interactiveAttributes = ['tabindex', 'role', 'data-node', 'data-edge', 'class'];

/** `svg` holds the pan and zoom transform on its `[data-viewport]` group; the file shows the whole graph, unzoomed. */
export function standaloneSvg(svg: SVGSVGElement, width: number, height: number, margin = 16): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  copies.forEach((copy, index) => {
    const computed = getComputedStyle(originals[index]);
    for (const property of inlinedProperties) {
      const value = computed.getPropertyValue(property);
      if (value !== '') copy.setAttribute(property, value);
    }
  });
  // Click targets are wide transparent strokes, and the probes only lend their fonts to text measurement; a file has no use for either.
  for (const unused of clone.querySelectorAll('.hit, .text-probe')) unused.remove();
  for (const element of [clone, ...clone.querySelectorAll('*')]) {
    for (const name of interactiveAttributes) element.removeAttribute(name);
  }
  showInvisibleCharacters(clone);
  const viewport = clone.querySelector('[data-viewport]');
  viewport?.removeAttribute('transform');
  viewport?.removeAttribute('data-viewport');

  const fullWidth = width + 2 * margin;
  const fullHeight = height + 2 * margin;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('viewBox', `${-margin} ${-margin} ${fullWidth} ${fullHeight}`);
  clone.setAttribute('width', String(fullWidth));
  clone.setAttribute('height', String(fullHeight));
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [name, value] of Object.entries({ x: -margin, y: -margin, width: fullWidth, height: fullHeight })) background.setAttribute(name, String(value));
  background.setAttribute('fill', getComputedStyle(document.body).backgroundColor);
  clone.insertBefore(background, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/**
 * Stage and image names come from the Dockerfile and may hold control characters, which XML does
 * not allow even escaped: the serializer would write them as they are, and the file would not
 * open. They are shown as their pictures, in text and in attributes (titles, labels) alike.
 */
function showInvisibleCharacters(root: Element): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) node.nodeValue = visibleText(node.nodeValue ?? '');
  for (const element of [root, ...root.querySelectorAll('*')]) {
    for (const attribute of element.attributes) attribute.value = visibleText(attribute.value);
  }
}
