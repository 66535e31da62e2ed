import path from 'node:path';
import type { Page } from '@playwright/test';
import { repoRoot } from './app-process';

/** Saves a full-page screenshot for a human to look at; nothing compares pixels. */
export async function snapshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(repoRoot, 'e2e/.artifacts/screenshots', `${name}.png`), fullPage: true });
}
