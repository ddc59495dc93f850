// Debian's chromium, headless, as this machine and CI allow it: no sandbox (root), no GPU, and none of the background
// traffic Chromium would otherwise send to the closed network. Playwright gives it a fresh temporary profile.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.HEED_CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Opens the view and waits until it draws frames; the page at 1280x900. */
export async function openView(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('frame').dataset.t, null, { timeout: 60000 });
  return page;
}
