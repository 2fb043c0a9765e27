// Opens the HTML report in a real headless browser (Debian's chromium through playwright-core):
// it renders, the matrix and the vega SVG charts are there and visible, nothing logs an error,
// nothing is fetched from anywhere. Keeps a full-page screenshot as a test artifact.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { dir as tmpDir, type DirectoryResult } from 'tmp-promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAll } from './index.js';
import { violationReport } from './testing/fixtures.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
/** Where the screenshot is kept (not removed): REPORT_ARTIFACTS_DIR or <tmp>/durability-lab-artifacts. */
const ARTIFACTS = process.env['REPORT_ARTIFACTS_DIR'] ?? join(tmpdir(), 'durability-lab-artifacts');

describe('HTML report in headless chromium', () => {
  let work: DirectoryResult | undefined;
  let profile: DirectoryResult | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    work = await tmpDir({ unsafeCleanup: true, prefix: 'report-html-' });
    profile = await tmpDir({ unsafeCleanup: true, prefix: 'chromium-profile-' });
  });

  /** Starts chromium on a fresh profile; fails (never skips) when it is not installed. */
  async function browser(): Promise<BrowserContext> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`chromium not found at ${CHROMIUM}: the HTML report test needs a real browser. Install it with 'apt-get install -y chromium' (Debian/Ubuntu), or set CHROMIUM to its path.`);
    }
    context = await chromium.launchPersistentContext(profile!.path, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
      timeout: 30_000,
    });
    return context;
  }

  afterAll(async () => {
    await context?.close();
    await profile?.cleanup();
    await work?.cleanup();
  });

  it('renders the matrix and the SVG charts with no console error and no request', async () => {
    const files = await writeAll(violationReport(), work!.path);
    const page = await (await browser()).newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(files.html).href;
    const response = await page.goto(url, { waitUntil: 'load' });
    expect(response?.ok()).toBe(true);

    expect(await page.title()).toMatch(/^durability-lab report /);
    const matrixRows = await page.locator('#verdict-matrix tbody tr').count();
    expect(matrixRows).toBe(5);
    const violated = page.locator('#verdict-matrix td[data-verdict="violated"]');
    expect(await violated.count()).toBe(1);
    expect(await violated.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(251, 213, 213)');

    const charts = await page.locator('figure.chart').evaluateAll((els) =>
      els.map((el) => {
        const svg = el.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return { chart: el.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0, marks: svg?.querySelectorAll('path, rect, line').length ?? 0 };
      }),
    );
    expect(charts.map((c) => c.chart)).toEqual(['loss-window-ms', 'loss-window-ops', 'throughput', 'recovery', 'convergence', 'timeline']);
    for (const c of charts) {
      expect(c.width, `${c.chart} width`).toBeGreaterThan(100);
      expect(c.height, `${c.chart} height`).toBeGreaterThan(100);
      expect(c.marks, `${c.chart} marks`).toBeGreaterThan(5);
    }
    expect(await page.locator('svg').count()).toBe(6);
    expect(await page.locator('table.keyspace-diff code').first().textContent()).toBe('k<2>');

    await mkdir(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'report-screenshot.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`HTML report screenshot: ${shot}`);

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
