import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, graphHtml } from '../../../client/src/graphHtml';

const options = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Ugb2YgdGVzdA==',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.css',
};

describe('stage graph webview HTML', () => {
  test('nonces are 128 random bits, base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) {
      assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
      assert.equal(Buffer.from(nonce, 'base64').length, 16);
    }
  });

  test('the policy denies everything but the bundle stylesheet and the nonce script', () => {
    const directives = contentSecurityPolicy(options.cspSource, options.nonce)
      .split(';')
      .map((directive) => directive.trim());
    assert.deepEqual(directives, [
      "default-src 'none'",
      `style-src ${options.cspSource}`,
      `script-src 'nonce-${options.nonce}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    assert.doesNotMatch(directives.join(';'), /unsafe-inline|unsafe-eval|\*/);
  });

  test('the page carries the policy, loads the stylesheet and one script with the nonce, and nothing inline', () => {
    const html = graphHtml(options);
    const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    assert.equal(policy, contentSecurityPolicy(options.cspSource, options.nonce));
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'the policy comes before anything it governs');
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]), [`<script nonce="${options.nonce}" src="${options.scriptUri}">`]);
    assert.match(html, new RegExp(`<link rel="stylesheet" href="${options.styleUri.replace(/[.+]/g, '\\$&')}">`));
    assert.doesNotMatch(html, /<style|\sstyle=|\son\w+=/, 'no inline style or event handler');
    assert.match(html, /<script[^>]*><\/script>\s*<\/body>/, 'the script element has no inline body');
  });

  test('attribute values are escaped', () => {
    const html = graphHtml({ ...options, scriptUri: 'https://x/"><script>alert(1)</script>', styleUri: 'https://x/a?b=1&c=2' });
    assert.ok(html.includes('src="https://x/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
    assert.ok(html.includes('href="https://x/a?b=1&amp;c=2"'));
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
  });
});
