// Screenshots of the real stage graph panel, asked for by the integration suite
// (test/integration/suite/screenshots.test.ts), which runs in the extension host and cannot see
// the page. The suite logs `screenshotMarker` and a JSON request; the harness finds the panel's
// webview frame, measures whether any stage is hidden behind the panel's own legend or toolbar,
// takes the screenshot, and answers with a JSON report file the suite waits for.
/* global document, window, requestAnimationFrame, getComputedStyle -- measurePanel and the probes run in the webview frame */
import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { delay, repoRoot } from './workbench.mjs';

export const screenshotMarker = 'dockerfile-stages screenshot:';
const frameTimeoutMs = 30_000;

/**
 * Whether the workbench has its theme's class (`vs` or `vs-dark`) and paints in it: the class
 * and the token colours change before the colours of the parts do. Runs in the page.
 */
function workbenchPainted(workbenchClass) {
  const workbench = document.querySelector('.monaco-workbench');
  if (!workbench?.classList.contains(workbenchClass)) return false;
  // The theme's editor background, as #rrggbb: light when its channels average above half.
  const hex = getComputedStyle(workbench).getPropertyValue('--vscode-editor-background').trim().match(/^#([0-9a-f]{6})/i)?.[1];
  if (!hex) return false;
  const light = [0, 2, 4].reduce((sum, at) => sum + parseInt(hex.slice(at, at + 2), 16), 0) / 3 > 128;
  return light === (workbenchClass === 'vs');
}

/**
 * The webview frame showing a drawn graph in the given theme, once the workbench around it paints
 * in that theme too.
 */
async function graphFrame(page, bodyClass, workbenchClass) {
  const deadline = Date.now() + frameTimeoutMs;
  while (Date.now() < deadline) {
    const themed = await page.evaluate(workbenchPainted, workbenchClass).catch(() => false);
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
    // Asked again as the screenshot is taken, for the suite to check it is in the theme it asked for.
    measured.workbenchInTheme = await page.evaluate(workbenchPainted, request.workbenchClass);
    const image = path.join(folder, request.name);
    await page.screenshot({ path: image });
    if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(image, path.join(repoRoot, 'images', request.name));
    report = { ...measured, image };
  } catch (error) {
    report = { error: error instanceof Error ? error.message : String(error) };
  }
  const partial = `${request.report}.partial`;
  writeFileSync(partial, JSON.stringify(report));
  renameSync(partial, request.report);
}
