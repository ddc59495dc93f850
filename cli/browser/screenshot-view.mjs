// The README's screenshot of the live view: waits until the view shows an open alert on the sample clip (the person
// has looked away for 3 s), pauses there and saves the page as a PNG.
// Usage: node screenshot-view.mjs URL OUT.png   (scripts/view-screenshot.sh starts the demo and runs this)
import { launch, openView } from './browser.mjs';

const [url, out] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node screenshot-view.mjs URL OUT.png');
  process.exit(2);
}
const browser = await launch();
try {
  const page = await openView(browser, url);
  // An alert open on the frame shown: its person's box has the red ring and the banner is up.
  await page.waitForFunction(() => [...document.querySelectorAll('#people li')].some((li) => li.textContent.includes('ALERT')),
    null, { timeout: 90000, polling: 100 });
  await page.click('#pause');
  await page.waitForTimeout(600); // the timeline redraws within 250 ms
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot of ${url} written to ${out}`);
} finally {
  await browser.close();
}
