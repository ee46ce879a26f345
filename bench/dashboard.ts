/**
 * The dashboard's first page of failed tasks in real Chromium: from
 * navigation to the rendered rows (the page marks `data-loaded` once the
 * API's first page is in the table), against the running bench server,
 * signed in with the bench user's token kept in the tab. Median of 5 after
 * one warm-up. Skipped (undefined) where Chromium is absent.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function dashboardFirstPage(baseUrl: string, token: string): Promise<{ ms: number; note: string } | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bgtasks-bench-chromium-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/dashboard/sign-in/`);
    await page.evaluate((t) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('bgtasks.token', t), token);
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      await page.goto(`${baseUrl}/dashboard/failed/`);
      await page.waitForSelector('body[data-loaded="true"]', { timeout: 60_000 });
      if (i > 0) times.push(performance.now() - t0);
    }
    const rows = await page.locator('tbody tr').count();
    times.sort((a, b) => a - b);
    return { ms: times[Math.floor(times.length / 2)]!, note: `Chromium, navigation → ${rows} rendered rows, median of 5` };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
