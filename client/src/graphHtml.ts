/**
 * The stage graph webview's HTML and Content Security Policy. No vscode import, so tests build the
 * exact page the panel shows and load it in a browser.
 */
import { randomBytes } from 'node:crypto';

export interface GraphHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads the extension's files from. */
  readonly cspSource: string;
  /** A fresh `createNonce()` per page. */
  readonly nonce: string;
  /** `webview.asWebviewUri` of dist/webview/main.js and main.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** 128 random bits from the OS, as CSP nonces should be; base64 is a valid nonce alphabet. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Nothing by default; the bundle's own stylesheet and the one script carrying the nonce. No
 * inline style or script, no images, fonts, frames or connections: a graph drawn from a
 * Dockerfile never needs them.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `base-uri 'none'`, `form-action 'none'`].join('; ');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function graphHtml(options: GraphHtmlOptions): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(options.styleUri)}">
<title>Stage Graph</title>
</head>
<body>
<script nonce="${attribute(options.nonce)}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
