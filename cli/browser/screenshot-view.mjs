// The README's screenshot of the live view: lets the view fill its timeline for a while, waits for a long-distraction
// alert (the person of the sample clip has looked away for 3 s), pauses and steps back to the last frame where that
// person was away with the alert open, as someone checking the alert would, and saves the page as a PNG.
// Usage: node screenshot-view.mjs URL OUT.png [SECONDS_FIRST]   (scripts/view-screenshot.sh starts the demo and runs this)
import { launch, openView } from './browser.mjs';

const [url, out, first = '30'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node screenshot-view.mjs URL OUT.png [SECONDS_FIRST]');
  process.exit(2);
}
const browser = await launch();
try {
  const page = await openView(browser, url);
  await page.waitForTimeout(Number(first) * 1000);
  const raisedBefore = await page.evaluate(() => document.querySelectorAll('#alerts li.raised').length);
  await page.waitForFunction((n) => document.querySelectorAll('#alerts li.raised').length > n, raisedBefore,
    { timeout: 120000, polling: 100 });
  await page.click('#pause');
  // The newest frame in which someone is away with an alert open (functions and data of view.js).
  const t = await page.evaluate(() => {
    for (let i = view.frames.length - 1; i >= 0; i--) {
      const f = view.frames[i];
      if (f.faces.some((face) => stateAt(Number(face.track_id), f.t).state === 'AWAY'
        && openAlertsAt(Number(face.track_id), f.t).length)) return f.t;
    }
    return null;
  });
  if (t === null) throw new Error('no frame of the last minute shows someone away with an alert open');
  await page.$eval('#scrub', (el, want) => {
    el.value = view.frames.findIndex((f) => f.t === want);
    el.dispatchEvent(new Event('input'));
  }, t);
  await page.waitForFunction((want) => Number(document.getElementById('frame').dataset.t) === want, t, { timeout: 10000 });
  await page.waitForTimeout(600); // the timeline redraws within 250 ms
  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot of ${url} written to ${out}`);
} catch (e) {
  console.error(`screenshot-view: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
