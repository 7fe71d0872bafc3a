/**
 * Element builders for the webview. Text only ever goes in through `textContent`: stage and image
 * names come from the Dockerfile and must never be read as markup.
 */

const svgNamespace = 'http://www.w3.org/2000/svg';

type Attributes = Readonly<Record<string, string | number>>;

function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
}

export function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, parent?: Element): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNamespace, tag);
  setAttributes(element, attributes);
  parent?.appendChild(element);
  return element;
}

export function htmlElement<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, parent?: Element, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  if (text !== undefined) element.textContent = text;
  parent?.appendChild(element);
  return element;
}

export function svgText(attributes: Attributes, text: string, parent: Element): SVGTextElement {
  const element = svgElement('text', attributes, parent);
  element.textContent = text;
  return element;
}
