/**
 * The real webview bundle in headless Chromium, in a page built like the panel's: the HTML and
 * Content Security Policy come from client/src/graphHtml.ts itself, the bundle from dist/webview
 * (`npm run build`), served from one origin that stands in for the webview's resource origin. A
 * stub `acquireVsCodeApi` records what the webview posts and the state it saves.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createNonce, graphHtml } from '../../client/src/graphHtml';
import type { HostMessage, WebviewMessage } from '../../client/webview/messages';
import { themes, type ThemeName, type WebviewTheme } from './themes';

export const repoRoot = path.resolve(__dirname, '..', '..');
const bundleDir = path.join(repoRoot, 'dist', 'webview');
const origin = 'https://webview.test';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile, as the test host launches it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(path.join(bundleDir, 'main.js'))) throw new Error('dist/webview/main.js is missing: run `npm run build` first');
  // On a fresh machine the test host's setup installs Debian's Chromium (and VS Code for the integration tests).
  if (!existsSync(chromiumPath)) execFileSync('bash', [path.join(repoRoot, 'test', 'host', 'setup.sh')], { stdio: ['ignore', 2, 2] });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'dockerfile-stages-webview-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 760 },
    // Screenshots for the README stay sharp on high-density screens.
    deviceScaleFactor: 2,
  });
  await context.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') {
      const html = graphHtml({ cspSource: origin, nonce: createNonce(), scriptUri: `${origin}/webview/main.js`, styleUri: `${origin}/webview/main.css` });
      return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    }
    const file = path.join(bundleDir, path.basename(url.pathname));
    if (url.pathname.startsWith('/webview/') && existsSync(file)) {
      return route.fulfill({ status: 200, contentType: file.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(file) });
    }
    return route.fulfill({ status: 404, body: '' });
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface OpenOptions {
  readonly theme?: ThemeName;
  /** What `vscode.getState()` returns, as after the webview was hidden and shown again. */
  readonly state?: unknown;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/**
 * Runs before the page's own scripts, as VS Code's webview host does. Plain JavaScript text: a
 * function would go through tsx's transform, whose helpers do not exist in the page.
 */
function initScript(theme: WebviewTheme, state: unknown): string {
  return `(() => {
    const recorded = { posted: [], violations: [], state: ${JSON.stringify(state ?? null)} ?? undefined };
    window.__recorded = recorded;
    document.addEventListener('securitypolicyviolation', (event) => {
      recorded.violations.push({ directive: event.violatedDirective, blocked: event.blockedURI });
    });
    window.acquireVsCodeApi = () => ({
      postMessage(message) { recorded.posted.push(message); },
      getState() { return recorded.state; },
      setState(next) { recorded.state = next; },
    });
    // VS Code sets the theme the same way: variables on <html>, a class on <body>.
    document.addEventListener('DOMContentLoaded', () => {
      for (const [name, value] of Object.entries(${JSON.stringify(theme.variables)})) document.documentElement.style.setProperty(name, value);
      document.body.classList.add(${JSON.stringify(theme.bodyClass)});
    });
  })();`;
}

interface Recorded {
  posted: WebviewMessage[];
  violations: { directive: string; blocked: string }[];
  state: unknown;
}

/** One webview page and what it did. */
export class WebviewPage {
  readonly consoleErrors: string[] = [];

  private constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(error.message));
  }

  static async open(browser: Browser, options: OpenOptions = {}): Promise<WebviewPage> {
    const page = await browser.context.newPage();
    if (options.viewport) await page.setViewportSize(options.viewport);
    const webview = new WebviewPage(page);
    const theme = themes[options.theme ?? 'dark'];
    await page.addInitScript(initScript(theme, options.state));
    await page.goto(`${origin}/`);
    await webview.waitForPosted('ready');
    return webview;
  }

  private recorded(): Promise<Recorded> {
    return this.page.evaluate(() => (window as unknown as { __recorded: Recorded }).__recorded);
  }

  async posted(): Promise<WebviewMessage[]> {
    return (await this.recorded()).posted;
  }

  async violations(): Promise<Recorded['violations']> {
    return (await this.recorded()).violations;
  }

  async state(): Promise<unknown> {
    return (await this.recorded()).state;
  }

  /** The last message of a type the webview posted, waiting for it to arrive. */
  async waitForPosted<T extends WebviewMessage['type']>(type: T, after = 0): Promise<Extract<WebviewMessage, { type: T }>> {
    const handle = await this.page.waitForFunction(
      ({ type, after }) => (window as unknown as { __recorded: Recorded }).__recorded.posted.slice(after).find((message) => message.type === type),
      { type, after },
    );
    return (await handle.jsonValue()) as Extract<WebviewMessage, { type: T }>;
  }

  /** Sends what the extension host would post; the webview has handled it when this resolves. */
  async send(message: HostMessage): Promise<void> {
    // The event VS Code's postMessage raises, dispatched synchronously: the webview has handled it when this returns.
    await this.page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message);
  }

  /** Chooses an export from the toolbar's Export menu, as a user would. */
  async chooseExport(name: 'SVG' | 'DOT' | 'Mermaid'): Promise<void> {
    await this.page.getByRole('button', { name: 'Export' }).click();
    await this.page.getByRole('menuitem', { name, exact: true }).click();
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
