import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DocumentModel } from '../../server/src/analysis/documentModel';
import { buildStageGraph } from '../../server/src/analysis/stageGraph';
import type { StageGraph } from '../../server/src/protocol/stageGraph';
import type { GraphDocument, HostMessage } from '../../client/webview/messages';
import { launchBrowser, repoRoot, WebviewPage, type Browser, type OpenOptions } from './harness';

const fixture = readFileSync(path.join(__dirname, 'fixtures', 'Dockerfile'), 'utf8');
const graphDocument: GraphDocument = { uri: 'file:///work/app/Dockerfile', name: 'Dockerfile' };

function graphOf(text: string, target?: string): StageGraph {
  return buildStageGraph(new DocumentModel(graphDocument.uri, 1, text), { target });
}

const tenStages = graphOf(fixture);

function graphMessage(graph: StageGraph, direction: 'TB' | 'LR' = 'TB'): HostMessage {
  return { type: 'graph', document: graphDocument, graph, direction };
}

const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 4 } });
const hostileName = '<img src=x onerror="window.__pwned=1">';
const hostileBase = '"><script>window.__pwned=2</script>';
const hostileGraph: StageGraph = {
  stages: [
    { id: 'stage:0', index: 0, name: hostileName, baseImage: hostileBase, range: range(0), isTarget: false, reachable: true },
    { id: 'stage:1', index: 1, name: null, baseImage: 'alpine', range: range(2), isTarget: true, reachable: true },
  ],
  images: [{ id: 'image:<b>bold</b>', name: '<b>bold</b>' }],
  edges: [
    { from: 'image:<b>bold</b>', to: 'stage:0', kind: 'from', range: range(0) },
    { from: 'stage:0', to: 'stage:1', kind: 'copy', range: range(3) },
  ],
  target: 'stage:1',
};

/** A panel beside the editor: narrower than the ten-stage graph at a readable size. */
const smallView = { width: 640, height: 560 };
/** The graph beside the editor with the Problems panel open. */
const sidePanel = { width: 530, height: 420 };

const screenshotsDir = path.join(repoRoot, 'test-results', 'webview');

describe('stage graph webview in headless Chromium', () => {
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });
  after(() => browser.close());

  /** Opens a page, runs the test, then holds the page to the security rules: no CSP violation, no error. */
  async function withPage(run: (webview: WebviewPage) => Promise<void>, options: OpenOptions = {}): Promise<void> {
    const webview = await WebviewPage.open(browser, options);
    try {
      await run(webview);
      assert.deepEqual(await webview.violations(), [], 'no Content Security Policy violation');
      assert.deepEqual(webview.consoleErrors, [], 'no console error');
    } finally {
      await webview.close();
    }
  }

  test('draws every stage, image and reference, marking the target, unreachable stages and images', () =>
    withPage(async (webview) => {
      await webview.send(graphMessage(tenStages));
      const page = webview.page;
      assert.equal(tenStages.stages.length, 10);
      assert.equal(await page.locator('svg.graph .node.stage').count(), 10);
      assert.equal(await page.locator('svg.graph .node.image').count(), tenStages.images.length);
      assert.equal(await page.locator('svg.graph .edge').count(), tenStages.edges.length);
      for (const kind of ['from', 'copy', 'mount']) {
        assert.equal(await page.locator(`svg.graph .edge-${kind}`).count(), tenStages.edges.filter((edge) => edge.kind === kind).length, `${kind} edges`);
      }
      assert.deepEqual(await page.locator('svg.graph .node.target .title').allTextContents(), ['api']);
      const faded = await page.locator('svg.graph .node.unreachable .title').allTextContents();
      assert.deepEqual(faded.sort(), ['debug', 'fixtures', 'storybook', 'test', 'worker', 'worker-build']);
      assert.equal(await page.locator('svg.graph .node.unreachable').first().evaluate((node) => getComputedStyle(node).opacity), '0.55');
      // Each edge is a real route: a path with length, ending in its kind's arrowhead.
      const paths = await page.locator('svg.graph .edge .line').evaluateAll((lines) => lines.map((line) => ({ length: (line as SVGPathElement).getTotalLength(), marker: line.getAttribute('marker-end') })));
      for (const drawn of paths) {
        assert.ok(drawn.length > 10, 'the edge has a visible length');
        assert.match(drawn.marker ?? '', /^url\(#arrow-(from|copy|mount)\)$/);
      }
      // Nodes do not overlap: dagre placed them.
      const boxes = await page.locator('svg.graph .node').evaluateAll((nodes) => nodes.map((node) => (node as SVGGElement).getBoundingClientRect().toJSON() as DOMRect));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          assert.ok(!overlap, `nodes ${i} and ${j} overlap`);
        }
      }
      assert.equal(await page.locator('.legend').isVisible(), true);
      assert.deepEqual(await page.locator('.legend-item span').allTextContents(), [
        'FROM',
        'COPY --from',
        'RUN --mount',
        'FROM picked by platform or --build-arg',
        'target stage',
        'not needed by the target',
        'external image',
      ]);
    }));

  test('a FROM picked by platform or build argument: an edge to each stage it can name, labelled, the current pick drawn apart', () =>
    withPage(async (webview) => {
      const picked = graphOf(
        [
          'ARG VARIANT=alpine',
          'FROM scratch AS bin-linux',
          'FROM scratch AS bin-windows',
          'FROM bin-${TARGETOS} AS bin',
          'FROM alpine AS runtime-alpine',
          'FROM debian AS runtime-debian',
          'FROM runtime-${VARIANT}',
          'COPY --from=bin / /',
          '',
        ].join('\n'),
      );
      await webview.send(graphMessage(picked));
      const page = webview.page;
      assert.deepEqual((await page.locator('svg.graph .edge-selected .edge-label').allTextContents()).sort(), ['--build-arg VARIANT=debian', 'TARGETOS=linux', 'VARIANT=alpine']);
      assert.equal(await page.locator('svg.graph .edge-selected.chosen').count(), 2);
      assert.equal(await page.locator('svg.graph .edge-selected.alternative').count(), 1);
      const alternative = page.locator('svg.graph .edge-selected.alternative');
      assert.match((await alternative.getAttribute('aria-label')) ?? '', /picked by --build-arg VARIANT=debian, line 7/);
      assert.equal(await alternative.locator('.line').evaluate((line) => getComputedStyle(line).strokeDasharray), '12px, 3px, 2px, 3px');
      const cards = await page.locator('svg.graph .node.stage .meta').allTextContents();
      assert.ok(cards.includes('line 6 · with --build-arg VARIANT=debian'), cards.join(' | '));
      assert.ok(cards.includes('line 3 · unreachable · for TARGETOS=windows'), cards.join(' | '));
    }));

  test('a click on a stage, an image or an edge posts a reveal of its line', () =>
    withPage(async (webview) => {
      await webview.send(graphMessage(tenStages));
      const page = webview.page;
      const api = tenStages.stages.find((stage) => stage.name === 'api');
      assert.ok(api);
      let sent = (await webview.posted()).length;
      await page.locator('svg.graph .node.target').click();
      assert.deepEqual((await webview.waitForPosted('reveal', sent)).range, { start: api.range.start, end: api.range.start });

      const mountIndex = tenStages.edges.findIndex((edge) => edge.kind === 'mount');
      const point = await page.locator(`[data-edge="${mountIndex}"] .line`).evaluate((line) => {
        const path = line as SVGPathElement;
        const middle = path.getPointAtLength(path.getTotalLength() / 2);
        const screen = middle.matrixTransform(path.getScreenCTM() ?? undefined);
        return { x: screen.x, y: screen.y };
      });
      sent = (await webview.posted()).length;
      await page.mouse.click(point.x, point.y);
      assert.deepEqual((await webview.waitForPosted('reveal', sent)).range, tenStages.edges[mountIndex].range);

      const nginx = tenStages.images.find((image) => image.name === 'nginx:1.27-alpine');
      assert.ok(nginx);
      sent = (await webview.posted()).length;
      await page.locator(`[data-node="${nginx.id}"]`).click();
      assert.deepEqual((await webview.waitForPosted('reveal', sent)).range, tenStages.edges.find((edge) => edge.from === nginx.id)?.range);
    }));

  test('keyboard: Tab reaches the stages, Enter reveals, every node and edge has an ARIA label', () =>
    withPage(async (webview) => {
      await webview.send(graphMessage(tenStages));
      const page = webview.page;
      let focused: string | null = null;
      for (let presses = 0; presses < 20 && focused === null; presses++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.getAttribute('data-node') ?? null);
      }
      assert.equal(focused, 'stage:0', 'after the toolbar, Tab lands on the first stage');
      const sent = (await webview.posted()).length;
      await page.keyboard.press('Enter');
      assert.deepEqual((await webview.waitForPosted('reveal', sent)).range, { start: tenStages.stages[0].range.start, end: tenStages.stages[0].range.start });
      assert.match((await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))) ?? '', /^Stage go-base, based on golang:1\.22-bookworm, line 6/);

      const labels = await page.locator('[data-node], [data-edge]').evaluateAll((elements) =>
        elements.map((element) => ({ label: element.getAttribute('aria-label'), role: element.getAttribute('role'), tabindex: element.getAttribute('tabindex') })),
      );
      for (const { label, role, tabindex } of labels) {
        assert.ok(label && label.length > 10, `aria-label ${label}`);
        assert.equal(role, 'button');
        assert.equal(tabindex, '0');
      }
      assert.ok(labels.some(({ label }) => label === 'COPY --from stage web-build into stage api, line 47'), 'an edge names its kind, both ends and its line');
    }));

  test('the target picker posts the chosen stage; the host answers with recomputed reachability', () =>
    withPage(async (webview) => {
      await webview.send(graphMessage(tenStages));
      const page = webview.page;
      const sent = (await webview.posted()).length;
      await page.locator('select').selectOption('test');
      assert.equal((await webview.waitForPosted('selectTarget', sent)).target, 'test');
      await webview.send(graphMessage(graphOf(fixture, 'test')));
      assert.deepEqual(await page.locator('svg.graph .node.target .title').allTextContents(), ['test']);
      const reachable = await page.locator('svg.graph .node.stage:not(.unreachable) .title').allTextContents();
      assert.deepEqual(reachable.sort(), ['fixtures', 'go-base', 'test']);
      assert.equal(await page.locator('select').inputValue(), 'test');
      const back = (await webview.posted()).length;
      await page.locator('select').selectOption('api');
      assert.equal((await webview.waitForPosted('selectTarget', back)).target, null, 'the last stage is the default target');
    }));

  test('a hostile stage or image name is shown as text, never run or parsed as markup', () =>
    withPage(async (webview) => {
      await webview.send(graphMessage(hostileGraph));
      const page = webview.page;
      assert.equal(await page.locator('img, script:not([src]), b').count(), 0, 'no element came from a name');
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      const node = page.locator('[data-node="stage:0"]');
      assert.equal(await node.locator('title').textContent(), `Stage ${hostileName}, based on ${hostileBase}, line 1. Click to go to its line.`);
      assert.ok((await node.getAttribute('aria-label'))?.startsWith(`Stage ${hostileName}`));
      const shown = await node.locator('.title').textContent();
      assert.ok(shown && hostileName.startsWith(shown.replace(/…$/, '')), `the card shows the name as text: ${shown}`);
      assert.equal(await page.locator('[data-node="image:<b>bold</b>"] .base').textContent(), '<b>bold</b>');
      assert.deepEqual(await page.locator('select option').allTextContents(), [`${hostileName} (line 1)`, 'stage 1 (line 3)']);
    }));

  test('each card is as wide as its text as the page draws it; a name too long for a card is shortened with an ellipsis', () =>
    withPage(async (webview) => {
      const longName = 'a-stage-name-that-goes-on-and-on-far-past-what-any-card-should-hold';
      const longBase = 'registry.example.com/team/deeply/nested/path/image-with-a-long-name:1.2.3-bookworm-slim';
      const graph: StageGraph = {
        stages: [
          { id: 'stage:0', index: 0, name: longName, baseImage: longBase, range: range(0), isTarget: false, reachable: true },
          { id: 'stage:1', index: 1, name: 'WWW mmm', baseImage: 'golang:1.22', range: range(3), isTarget: true, reachable: true },
          { id: 'stage:2', index: 2, name: 'unused', baseImage: 'alpine', range: range(5), isTarget: false, reachable: false },
        ],
        images: [{ id: 'image:golang:1.22', name: 'golang:1.22' }],
        edges: [
          { from: 'image:golang:1.22', to: 'stage:1', kind: 'from', range: range(3) },
          { from: 'stage:0', to: 'stage:1', kind: 'copy', range: range(4) },
        ],
        target: 'stage:1',
      };
      await webview.send(graphMessage(graph));
      const cards = await webview.page.locator('svg.graph .node').evaluateAll((nodes) =>
        nodes.map((node) => ({
          id: node.getAttribute('data-node'),
          width: Number(node.querySelector('.card')?.getAttribute('width')),
          // Measured by the page itself, as it lays the text out.
          texts: Array.from(node.querySelectorAll(':scope > text'), (text) => ({ shown: text.textContent ?? '', x: Number(text.getAttribute('x')), length: (text as SVGTextElement).getComputedTextLength() })),
          onScreen: {
            card: node.querySelector('.card')?.getBoundingClientRect().toJSON() as DOMRect,
            title: node.querySelector(':scope > text')?.getBoundingClientRect().toJSON() as DOMRect,
            badge: node.querySelector('.badge rect')?.getBoundingClientRect().toJSON() as DOMRect | undefined,
          },
        })),
      );
      assert.deepEqual(
        cards.map((card) => card.id),
        ['stage:0', 'stage:1', 'stage:2', 'image:golang:1.22'],
      );
      const minWidth = 140;
      const badgeRoom = 58 + 8;
      for (const card of cards) {
        // Each line keeps the same room on its right as on its left; the target's title also the badge's.
        const needed = Math.max(...card.texts.map((text, index) => 2 * text.x + text.length + (card.id === graph.target && index === 0 ? badgeRoom : 0)));
        assert.ok(needed <= card.width + 0.5, `${card.id}: its text (${needed}) fits in its card (${card.width})`);
        if (card.width > minWidth) assert.ok(needed > card.width - 1.5, `${card.id}: its card (${card.width}) is no wider than its text needs (${needed})`);
      }
      const [long, target] = cards;
      assert.ok(long.texts[0].shown.endsWith('…') && longName.startsWith(long.texts[0].shown.slice(0, -1)), `shortened name: ${long.texts[0].shown}`);
      assert.ok(long.texts[1].shown.endsWith('…') && longBase.startsWith(long.texts[1].shown.slice(0, -1)), `shortened image: ${long.texts[1].shown}`);
      assert.ok(long.width <= 280 + 2 * 14 + 1, 'a long name does not widen its card past the limit');
      assert.equal(await webview.page.locator('[data-node="stage:0"] title').textContent(), `Stage ${longName}, based on ${longBase}, line 1. Click to go to its line.`, 'the tooltip keeps the whole name');
      assert.equal(target.texts[0].shown, 'WWW mmm');
      const { card, title, badge } = target.onScreen;
      assert.ok(badge && title.right < badge.left, 'the title ends before the TARGET badge');
      assert.ok(badge.right < card.right, 'the badge is inside the card');
    }));

  test('an empty file gets an empty state that says what to do; no file, another', () =>
    withPage(async (webview) => {
      const page = webview.page;
      await webview.send(graphMessage({ stages: [], images: [], edges: [], target: null }));
      assert.equal(await page.locator('.empty-state').isVisible(), true);
      assert.equal(await page.locator('.empty-state h2').textContent(), 'No stages yet');
      assert.match((await page.locator('.empty-state pre').textContent()) ?? '', /^FROM golang:1\.22 AS build/);
      assert.equal(await page.locator('svg.graph').isVisible(), false);
      assert.equal(await page.getByRole('button', { name: 'Export' }).isDisabled(), true, 'nothing to export');
      await webview.send({ type: 'noDocument' });
      assert.equal(await page.locator('.empty-state h2').textContent(), 'No Dockerfile open');
    }));

  test('while the file does not give a graph, the last good one stays with a notice', () =>
    withPage(async (webview) => {
      const page = webview.page;
      await webview.send(graphMessage(tenStages));
      await webview.send({ type: 'invalid', document: graphDocument, reason: 'The FROM instruction on line 6 names no image yet.' });
      assert.equal(await page.locator('.notice').textContent(), 'The FROM instruction on line 6 names no image yet. Showing the last graph that could be drawn.');
      assert.equal(await page.locator('svg.graph .node.stage').count(), 10, 'the last graph is still drawn');
      await page.getByRole('button', { name: 'Export' }).click();
      assert.equal(await page.getByRole('menuitem', { name: 'DOT' }).isDisabled(), true, 'a text export would not match the drawing');
      assert.equal(await page.getByRole('menuitem', { name: 'SVG' }).isDisabled(), false, 'the drawing itself can still be saved');
      await page.keyboard.press('Escape');
      assert.equal(await page.getByRole('menu').count(), 0, 'Escape closes the menu');
      await webview.send(graphMessage(graphOf(fixture.replace('FROM alpine:3.20 AS debug', 'FROM alpine:3.20 AS debugging'))));
      assert.equal(await page.locator('.notice').isVisible(), false);
      assert.equal(await page.locator('svg.graph .node .title', { hasText: 'debugging' }).count(), 1);

      await webview.send({ type: 'invalid', document: { uri: 'file:///work/other/Dockerfile', name: 'Dockerfile' }, reason: 'This Dockerfile has no FROM instruction yet.' });
      assert.equal(await page.locator('.empty-state h2').textContent(), 'No graph yet', 'another file has no last graph to keep');
    }));

  test('the first view is readable around the target, Fit shows everything, pan and zoom stay, and the view survives a reload', () =>
    withPage(
      async (webview) => {
        const page = webview.page;
        await webview.send(graphMessage(tenStages));
        const transform = () => page.locator('[data-viewport]').getAttribute('transform');
        const rect = (selector: string) => page.locator(selector).evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
        const inside = (inner: DOMRect, outer: DOMRect) =>
          inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;

        // Too wide for this view at a readable size: it starts at that size, on the target.
        assert.match((await transform()) ?? '', /scale\(0\.75\)$/);
        const view = await rect('svg.graph');
        assert.ok(inside(await rect('svg.graph .node.target'), view), 'the target stage is in view');
        assert.ok(!inside(await rect('[data-viewport]'), view), 'the graph is larger than the view');

        await page.getByRole('button', { name: 'Fit' }).click();
        const fitted = await transform();
        assert.ok(inside(await rect('[data-viewport]'), view), 'Fit shows the whole graph');

        await page.getByRole('button', { name: 'Zoom in' }).click();
        assert.notEqual(await transform(), fitted);
        await page.mouse.move(300, 300);
        await page.mouse.down();
        await page.mouse.move(360, 320, { steps: 4 });
        await page.mouse.up();
        const moved = await transform();
        assert.notEqual(moved, fitted);
        const state = (await webview.state()) as { documentUri: string; fit: string; transform: { k: number } };
        assert.equal(state.documentUri, graphDocument.uri);
        assert.equal(state.fit, 'none', 'the user placed the view');
        await webview.send(graphMessage(tenStages));
        assert.equal(await transform(), moved, 'an update while typing keeps the view the user chose');

        // The webview is recreated when its panel is shown again; it restores the saved view.
        const restored = await WebviewPage.open(browser, { state: { ...state }, viewport: smallView });
        try {
          await restored.send(graphMessage(tenStages));
          assert.equal(await restored.page.locator('[data-viewport]').getAttribute('transform'), moved);
        } finally {
          await restored.close();
        }
      },
      { viewport: smallView },
    ));

  test('in a side panel (530 x 420) no node hides behind the legend or the toolbar, before or after Fit, legend open or closed', () =>
    withPage(
      async (webview) => {
        const page = webview.page;
        await webview.send(graphMessage(tenStages));
        const rect = (selector: string) => page.locator(selector).evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
        const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const nodeBoxes = () => page.locator('svg.graph .node').evaluateAll((nodes) => nodes.map((node) => (node as SVGGElement).getBoundingClientRect().toJSON() as DOMRect));
        /** Nodes at least partly drawn (inside the graph's view) that the legend or toolbar covers. */
        const hidden = async () => {
          const [legend, toolbar, view] = [await rect('.legend'), await rect('.toolbar'), await rect('svg.graph')];
          return (await nodeBoxes()).filter((box) => overlaps(box, view) && (overlaps(box, legend) || overlaps(box, toolbar))).length;
        };

        assert.equal(await page.getByRole('button', { name: 'Legend' }).getAttribute('aria-expanded'), 'false', 'the legend starts closed in a small panel');
        assert.equal(await page.locator('.legend-items').isVisible(), false);
        assert.ok(!overlaps(await rect('svg.graph .node.target'), await rect('.legend')), 'the first view shows the target clear of the legend');

        await page.getByRole('button', { name: 'Fit' }).click();
        assert.equal(await hidden(), 0, 'after Fit with the legend closed');
        await page.getByRole('button', { name: 'Legend' }).click();
        assert.equal(await page.locator('.legend-items').isVisible(), true);
        assert.equal(await hidden(), 0, 'Fit makes room for the legend once it is open');
        assert.equal(((await webview.state()) as { legendOpen?: boolean }).legendOpen, true, 'the choice is kept');
        const view = await rect('svg.graph');
        for (const box of await nodeBoxes()) assert.ok(box.left >= view.left - 0.5 && box.right <= view.right + 0.5 && box.top >= view.top - 0.5 && box.bottom <= view.bottom + 0.5, 'every node is in view');
      },
      { viewport: sidePanel },
    ));

  for (const width of [530, 400]) {
    test(`the toolbar stays on one row at ${width} px, and the Export menu opens inside the panel`, () =>
      withPage(
        async (webview) => {
          const page = webview.page;
          await webview.send(graphMessage(tenStages));
          // On one row every control's box spans the same line: the lowest top is above the highest bottom.
          const boxes = await page.locator('.toolbar > *').evaluateAll((items) => items.map((item) => item.getBoundingClientRect().toJSON() as DOMRect));
          assert.ok(Math.max(...boxes.map((box) => box.top)) < Math.min(...boxes.map((box) => box.bottom)), 'every control on one row');
          const toolbar = await page.locator('.toolbar').evaluate((element) => ({ height: element.getBoundingClientRect().height, overflows: element.scrollWidth > element.clientWidth }));
          assert.ok(toolbar.height < 48, `one row high (${toolbar.height} px)`);
          assert.equal(toolbar.overflows, false, 'nothing is cut off');
          await page.getByRole('button', { name: 'Export' }).click();
          const menu = await page.getByRole('menu').evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
          assert.ok(menu.left >= 0 && menu.right <= width, 'the menu is inside the panel');
          assert.deepEqual(await page.getByRole('menuitem').allTextContents(), ['SVG', 'DOT', 'Mermaid']);
          await page.mouse.click(5, 300);
          assert.equal(await page.getByRole('menu').count(), 0, 'a click elsewhere closes the menu');
        },
        { viewport: { width, height: sidePanel.height } },
      ));
  }

  test('SVG export is a standalone file with the theme colours resolved', () =>
    withPage(async (webview) => {
      const page = webview.page;
      await webview.send(graphMessage(tenStages));
      const sent = (await webview.posted()).length;
      await webview.chooseExport('SVG');
      const { svg } = await webview.waitForPosted('exportSvg', sent);
      assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
      assert.doesNotMatch(svg, /var\(--/, 'no CSS variable is left to resolve');
      assert.doesNotMatch(svg, /tabindex|data-edge|data-viewport/);
      const parsed = await page.evaluate((text) => {
        const parsedDocument = new DOMParser().parseFromString(text, 'image/svg+xml');
        return {
          error: parsedDocument.querySelector('parsererror')?.textContent ?? null,
          titles: Array.from(parsedDocument.querySelectorAll('text'), (node) => node.textContent),
          copyStroke: parsedDocument.querySelector('path[stroke-dasharray="7px, 4px"], path[stroke-dasharray="7, 4"]')?.getAttribute('stroke') ?? null,
        };
      }, svg);
      assert.equal(parsed.error, null);
      assert.ok(parsed.titles.includes('api') && parsed.titles.includes('nginx:1.27-alpine'));
      assert.equal(parsed.copyStroke, 'rgb(177, 128, 215)', 'COPY edges keep the dark theme purple');
      const dot = (await webview.posted()).length;
      assert.equal(await page.getByRole('menu').count(), 0, 'choosing an export closes the menu');
      await webview.chooseExport('Mermaid');
      assert.equal((await webview.waitForPosted('exportText', dot)).format, 'mermaid');
    }));

  test('screenshots of the page alone, for test-results: light, dark and high contrast', async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    for (const theme of ['light', 'dark', 'highContrast'] as const) {
      const webview = await WebviewPage.open(browser, { theme, viewport: { width: 1200, height: 700 } });
      try {
        await webview.send(graphMessage(tenStages));
        await webview.page.getByRole('button', { name: 'Fit' }).click();
        // Off the button, so it does not show as hovered.
        await webview.page.mouse.move(1, 1);
        const file = path.join(screenshotsDir, `graph-${theme === 'highContrast' ? 'high-contrast' : theme}.png`);
        await webview.page.screenshot({ path: file });
        assert.deepEqual(await webview.violations(), []);
      } finally {
        await webview.close();
      }
    }
  });
});
