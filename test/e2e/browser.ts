import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import { expect } from 'vitest';
import { createPortalAssets } from '../../local/portal-assets.ts';

/**
 * The browser suite's harness: Debian's Chromium driven by playwright-core (Playwright's own browser
 * download cannot run here), a fresh profile per context, axe-core injected into the page, and a
 * record of everything that went wrong in the page (console errors, failed requests).
 */
export const CHROMIUM_PATH = process.env.FEEDBRIDGE_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, no sandbox (containers run as root), and nothing that would reach the network by itself. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A narrow phone: the issue asks for the portal to be usable at 360 px. */
export const PHONE_VIEWPORT = { width: 360, height: 740 };

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'feedbridge-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? PHONE_VIEWPORT,
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Console errors, uncaught exceptions and failed or refused requests seen by the page. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // A fetch still in flight when the test reloads or leaves the page is cancelled by the browser
  // (net::ERR_ABORTED): the page's own doing, not a failure. Anything else, or an abort with no
  // navigation after the request began, is one.
  let navigations = 0;
  const startedAt = new WeakMap<Request, number>();
  page.on('request', (request) => {
    // A navigation's own request comes first: fetches of the page it replaces are cancelled after.
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) navigations += 1;
    else startedAt.set(request, navigations);
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'unknown';
    const cutByNavigation =
      reason === 'net::ERR_ABORTED' && (startedAt.get(request) ?? navigations) < navigations;
    if (!cutByNavigation) problems.push(`failed: ${request.method()} ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return problems;
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. Injected through the
 * DevTools protocol (page.evaluate), which the page's CSP does not govern, so the CSP stays on.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document);
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  });
}

/** The built portal on a free loopback port, as serve will mount it; API paths answer 404 here. */
export async function servePortal(distDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const assets = createPortalAssets({ distDir });
  const server: Server = createServer((request, response) => {
    void assets.handle(request, response).then((handled) => {
      if (handled) return;
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ error: { code: 'ROUTE_NOT_FOUND', message: 'not stubbed' } }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * A PNG of the screen when FEEDBRIDGE_SCREENSHOT_DIR is set (docs/portal.md shows them); the
 * whole page unless it is as long as a full report, then what the phone shows first.
 */
export async function snapshot(page: Page, name: string, fullPage = true): Promise<void> {
  const directory = process.env.FEEDBRIDGE_SCREENSHOT_DIR;
  if (!directory) return;
  await mkdir(directory, { recursive: true });
  await page.screenshot({ path: join(directory, `${name}.png`), fullPage });
}

/** No serious or critical axe violation, and nothing wider than the 360 px screen (no sideways scroll). */
export async function expectAccessibleAndNarrow(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE_VIEWPORT.width,
  );
}
