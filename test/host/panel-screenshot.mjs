// Screenshots of the real stage graph panel, asked for by the integration suite
// (test/integration/suite/screenshots.test.ts), which runs in the extension host and cannot see
// the page. The suite logs `screenshotMarker` and a JSON request; the harness finds the panel's
// webview frame, measures whether any stage is hidden behind the panel's own legend or toolbar,
// takes the screenshot, and answers with a JSON report file the suite waits for.
/* global document, window, requestAnimationFrame, getComputedStyle, atob, Blob, createImageBitmap, OffscreenCanvas -- measurePanel and the probes run in the page or the webview frame */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { delay, repoRoot, writeReply } from './workbench.mjs';

export const screenshotMarker = 'dockerfile-stages screenshot:';
const frameTimeoutMs = 30_000;

/**
 * Whether the workbench has its theme's class (`vs` or `vs-dark`). The class changes before the
 * parts paint in the theme's colours, which themedScreenshot checks in the screenshot's pixels.
 * Runs in the page.
 */
function workbenchThemed(workbenchClass) {
  return document.querySelector('.monaco-workbench')?.classList.contains(workbenchClass) ?? false;
}

/** The webview frame showing a drawn graph in the given theme, once the workbench around it has that theme too. */
async function graphFrame(page, bodyClass, workbenchClass) {
  const deadline = Date.now() + frameTimeoutMs;
  while (Date.now() < deadline) {
    const themed = await page.evaluate(workbenchThemed, workbenchClass).catch(() => false);
    if (!themed) {
      await delay(200);
      continue;
    }
    for (const frame of page.frames()) {
      const ready = await frame
        .evaluate((wanted) => document.body?.classList.contains(wanted) && document.querySelector('svg.graph .node.target') !== null, bodyClass)
        .catch(() => false);
      if (ready) return frame;
    }
    await delay(200);
  }
  return undefined;
}

/** What the page shows: the panel's size and the stages the legend or toolbar cover. Runs in the frame. */
function measurePanel() {
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const view = document.querySelector('svg.graph').getBoundingClientRect();
  const chrome = [document.querySelector('.legend'), document.querySelector('.toolbar')].map((element) => element.getBoundingClientRect());
  const nodes = [...document.querySelectorAll('svg.graph .node')].map((node) => node.getBoundingClientRect());
  const toolbar = document.querySelector('.toolbar');
  return {
    panel: { width: window.innerWidth, height: window.innerHeight },
    nodes: nodes.length,
    hiddenNodes: nodes.filter((box) => overlaps(box, view) && chrome.some((covering) => overlaps(box, covering))).length,
    nodesOutOfView: nodes.filter((box) => box.left < view.left || box.right > view.right || box.top < view.top || box.bottom > view.bottom).length,
    // On one row every control's box spans the same line: the lowest top is above the highest bottom.
    toolbarOnOneRow: (() => {
      const boxes = [...toolbar.children].map((child) => child.getBoundingClientRect());
      return Math.max(...boxes.map((box) => box.top)) < Math.min(...boxes.map((box) => box.bottom));
    })(),
  };
}

/**
 * The parts whose background the screenshot must show in the theme's colour, by the colour
 * variable that paints them. Runs in the page.
 */
function themedParts() {
  const workbench = document.querySelector('.monaco-workbench');
  const style = getComputedStyle(workbench);
  return [
    { part: '.part.sidebar', variable: '--vscode-sideBar-background' },
    { part: '.part.editor .monaco-editor', variable: '--vscode-editor-background' },
  ].map(({ part, variable }) => {
    // The shown one: an editor group keeps the editors it hides in the DOM.
    const box = [...document.querySelectorAll(part)].map((element) => element.getBoundingClientRect()).find((candidate) => candidate.width > 0 && candidate.height > 0);
    if (!box) throw new Error(`no ${part} shown`);
    return {
      part,
      expected: style.getPropertyValue(variable).trim(),
      box: { x: Math.round(box.left), y: Math.round(box.top), width: Math.round(box.width), height: Math.round(box.height) },
    };
  });
}

/**
 * The most frequent colour, as #rrggbb, inside each box of a PNG: a part's background outnumbers
 * its text. Runs in the page, which decodes the PNG as it decodes any image.
 */
async function commonestColours({ png, boxes }) {
  const bytes = Uint8Array.from(atob(png), (char) => char.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
  context.drawImage(bitmap, 0, 0);
  return boxes.map(({ x, y, width, height }) => {
    const { data } = context.getImageData(x, y, width, height);
    const counts = new Map();
    for (let at = 0; at < data.length; at += 4) {
      const colour = `#${[data[at], data[at + 1], data[at + 2]].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
      counts.set(colour, (counts.get(colour) ?? 0) + 1);
    }
    return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
  });
}

const isLight = (hex) => [1, 3, 5].reduce((sum, at) => sum + parseInt(hex.slice(at, at + 2), 16), 0) / 3 > 128;
const sameColour = (a, b) => [1, 3, 5].every((at) => Math.abs(parseInt(a.slice(at, at + 2), 16) - parseInt(b.slice(at, at + 2), 16)) <= 2);

/**
 * A screenshot whose pixels show the theme: the side bar and the editor in the colours the DOM
 * gives them, light for the light theme and dark for the dark one. The DOM alone does not prove
 * it, as the page can have the theme's classes and colours before it paints them; the screenshot
 * is taken again until its pixels agree or the time is up.
 */
async function themedScreenshot(page, workbenchClass) {
  const deadline = Date.now() + frameTimeoutMs;
  for (;;) {
    const parts = await page.evaluate(themedParts);
    const png = await page.screenshot();
    const found = await page.evaluate(commonestColours, { png: png.toString('base64'), boxes: parts.map((part) => part.box) });
    const wrong = parts
      .map((part, index) => ({ ...part, found: found[index] }))
      .filter(({ expected, found: colour }) => !/^#[0-9a-f]{6}/i.test(expected) || !sameColour(colour, expected.slice(0, 7)) || isLight(colour) !== (workbenchClass === 'vs'));
    if (wrong.length === 0) return png;
    const what = wrong.map(({ part, expected, found: colour }) => `${part} is ${colour} where the theme has ${expected}`).join('; ');
    if (Date.now() > deadline) throw new Error(`the screenshot does not show the ${workbenchClass} theme within ${frameTimeoutMs / 1000} s: ${what}`);
    console.log(`[screenshot] not yet in the ${workbenchClass} theme: ${what}`);
    await delay(500);
  }
}

/**
 * Answers one request `{ name, report, bodyClass, workbenchClass }`: the screenshot goes to `name`
 * beside the report (and into images/ with UPDATE_SCREENSHOTS=1, for the README); the report is
 * written last, by rename, so the suite never reads half of it.
 */
export async function answerScreenshotRequest(page, request) {
  const folder = path.dirname(request.report);
  let report;
  try {
    const frame = await graphFrame(page, request.bodyClass, request.workbenchClass);
    if (!frame) {
      const workbench = await page.evaluate(() => document.querySelector('.monaco-workbench')?.className ?? 'none').catch(() => 'unknown');
      throw new Error(`no stage graph drawn in a ${request.bodyClass} webview of a ${request.workbenchClass} workbench within ${frameTimeoutMs / 1000} s (workbench: ${workbench})`);
    }
    // Off the panel, so that no stage shows as hovered.
    await page.mouse.move(1, 1);
    // Fonts and the fitted view settle in the frame's next frames.
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const measured = await frame.evaluate(measurePanel);
    const png = await themedScreenshot(page, request.workbenchClass);
    const image = path.join(folder, request.name);
    writeFileSync(image, png);
    if (process.env.UPDATE_SCREENSHOTS === '1') writeFileSync(path.join(repoRoot, 'images', request.name), png);
    report = { ...measured, image };
  } catch (error) {
    report = { error: error instanceof Error ? error.message : String(error) };
  }
  writeReply(request.report, report);
}
