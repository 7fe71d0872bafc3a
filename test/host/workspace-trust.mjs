// The restricted-mode suite (test/integration/restricted/) runs in the extension host and has
// no API to trust a workspace or to see the page, so it asks the harness, as a user would act:
// it logs `workspaceTrustMarker` and a JSON request, and the harness acts in the workbench and
// answers with a JSON file the suite waits for.
/* global document -- drawnStageLabels runs in the webview frame */
import { delay, writeReply } from './workbench.mjs';

export const workspaceTrustMarker = 'dockerfile-stages workspace trust:';
const uiTimeoutMs = 30_000;

/**
 * Trusts the open folder through the real UI: the Restricted Mode item in the status bar opens
 * the Workspace Trust editor, whose Trust button trusts the folder. Resolves once the status bar
 * no longer shows Restricted Mode.
 */
async function trustThroughUi(page) {
  const restrictedMode = page.locator('.statusbar-item', { hasText: 'Restricted Mode' });
  await restrictedMode.click({ timeout: uiTimeoutMs });
  await page.getByRole('button', { name: 'Trust', exact: true }).click({ timeout: uiTimeoutMs });
  await restrictedMode.waitFor({ state: 'detached', timeout: uiTimeoutMs });
  return { trusted: true };
}

/** The labels of the stages a stage graph has drawn. Runs in a webview frame. */
function drawnStageLabels() {
  return [...document.querySelectorAll('svg.graph .node.stage')].map((node) => node.getAttribute('aria-label'));
}

/** The stage graph as the user sees it: the stages drawn in its webview frame, none when no frame draws one in time. */
async function drawnStages(page) {
  const deadline = Date.now() + uiTimeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const stages = await frame.evaluate(drawnStageLabels).catch(() => []);
      if (stages.length > 0) return { stages };
    }
    await delay(200);
  }
  return { stages: [] };
}

/** Answers one request `{ action: 'trust' | 'drawnStages', reply }` with a JSON file at `reply`. */
export async function answerWorkspaceTrustRequest(page, request) {
  let answer;
  try {
    if (request.action === 'trust') answer = await trustThroughUi(page);
    else if (request.action === 'drawnStages') answer = await drawnStages(page);
    else throw new Error(`unknown request ${JSON.stringify(request.action)}`);
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) };
  }
  writeReply(request.reply, answer);
}
