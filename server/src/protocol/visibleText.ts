/**
 * Text from a Dockerfile or its file name, made safe to show anywhere: on a terminal, where an
 * escape sequence could erase earlier lines or forge new ones; in an XML (SVG) file, which may not
 * hold control characters or unpaired surrogates; in DOT and Mermaid text. Control characters
 * become their visible Unicode pictures (`\u001b` shows as ␛, a line feed as ␊, DEL as ␡), and
 * what has no picture (C1 controls, unpaired surrogates, U+FFFE and U+FFFF) becomes U+FFFD.
 */
export function visibleText(text: string): string {
  let shown = '';
  let kept = 0;
  for (let index = 0; index < text.length; index++) {
    const picture = pictureAt(text, index);
    if (picture === undefined) continue;
    shown += text.slice(kept, index) + picture;
    kept = index + 1;
  }
  return kept === 0 ? text : shown + text.slice(kept);
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** What the code unit at `index` is shown as, or undefined when it is shown as it is. */
function pictureAt(text: string, index: number): string | undefined {
  const code = text.charCodeAt(index);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  if ((code >= 0x80 && code <= 0x9f) || code === 0xfffe || code === 0xffff) return '\ufffd';
  if (isHighSurrogate(code) && !isLowSurrogate(text.charCodeAt(index + 1))) return '\ufffd';
  if (isLowSurrogate(code) && !isHighSurrogate(text.charCodeAt(index - 1))) return '\ufffd';
  return undefined;
}
