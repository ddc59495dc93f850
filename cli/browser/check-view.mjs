// Uses the live view as a person would, in Debian's headless chromium, and writes down what it saw for cli's
// LiveViewBrowserTest to check against the records on Kafka: result.json and PNG screenshots in OUT_DIR.
// Usage: node check-view.mjs URL OUT_DIR
//
// 1. opens the page and waits until it holds a minute of frames (live, 5 samples a second);
// 2. pauses: the frame shown stays while new frames keep arriving;
// 3. steps back frame by frame, then through the whole minute with the slider, noting each person's box and state;
// 4. screenshots the frame canvas with and without the overlay, on a frame where someone attends and one where
//    someone is away;
// 5. goes live again, and collects every alert the page listed with the time it showed it.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openView } from './browser.mjs';

const [url, outDir] = process.argv.slice(2);
if (!url || !outDir) {
  console.error('usage: node check-view.mjs URL OUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const MINUTE_MS = 60000;

const browser = await launch();
const result = { url };
try {
  const page = await openView(browser, url);
  result.openedAtMs = Date.now();
  const shownT = () => page.evaluate(() => Number(document.getElementById('frame').dataset.t));
  const received = () => page.evaluate(() => Number(document.body.dataset.framesReceived));
  const mode = () => page.evaluate(() => document.getElementById('mode').textContent);
  const people = () => page.evaluate(() => [...document.querySelectorAll('#people li')].map((li) => ({
    track: Number(li.dataset.track), state: li.dataset.state, source: li.dataset.stateSource,
    box: li.dataset.box.split(',').map(Number), poseT: li.dataset.poseT ? Number(li.dataset.poseT) : null,
    yaw: li.dataset.yaw ? Number(li.dataset.yaw) : null, pitch: li.dataset.pitch ? Number(li.dataset.pitch) : null,
  })));
  /** Waits until the canvas shows the frame of capture time t (its image fetched and drawn). */
  const awaitShown = (t) => page.waitForFunction((want) => Number(document.getElementById('frame').dataset.t) === want, t,
    { timeout: 10000, polling: 50 });

  // 1. A minute of frames.
  await page.waitForFunction((span) => view.frames.length > 1 && view.frames.at(-1).t - view.frames[0].t >= span - 2000,
    MINUTE_MS, { timeout: 150000, polling: 500 });
  result.live = { mode: await mode(), framesReceived: await received() };

  // 2. Pause.
  await page.click('#pause');
  const pausedT = await shownT();
  const receivedAtPause = await received();
  await page.waitForTimeout(1500);
  result.pause = {
    mode: await mode(), shownBefore: pausedT, shownAfter: await shownT(),
    receivedBefore: receivedAtPause, receivedAfter: await received(),
  };

  // 3a. Step back five frames.
  result.stepBack = [pausedT];
  for (let i = 0; i < 5; i++) {
    const want = await page.evaluate((t) => { const k = view.frames.findIndex((f) => f.t === t); return view.frames[k - 1].t; },
      result.stepBack.at(-1));
    await page.click('#back');
    await awaitShown(want);
    result.stepBack.push(await shownT());
  }

  // 3b. Through the minute with the slider: every 5th frame, oldest first.
  // The minute's frames, and the slider moved to the oldest in the same turn of the page's event loop: a frame
  // arriving between the two would push the oldest out of the minute (one frame every 200 ms).
  const frames = await page.$eval('#scrub', (el) => {
    el.value = 0;
    el.dispatchEvent(new Event('input'));
    return view.frames.map((f) => f.t);
  });
  result.minute = { oldest: frames[0], newest: frames.at(-1), count: frames.length, steps: [] };
  // The slider's positions move as new frames arrive and the oldest leave the minute: find each frame's position anew.
  const slideTo = (t) => page.$eval('#scrub', (el, want) => {
    const i = view.frames.findIndex((f) => f.t === want);
    if (i >= 0) { el.value = i; el.dispatchEvent(new Event('input')); }
    return i >= 0;
  }, t);
  for (let i = 0; i < frames.length; i += 5) {
    if (i > 0 && !await slideTo(frames[i])) {
      result.minute.steps.push({ t: frames[i], left: true }); // older than a minute by now
      continue;
    }
    await awaitShown(frames[i]);
    const missing = await page.evaluate(() => document.getElementById('frame').dataset.missing === 'true');
    result.minute.steps.push({ t: frames[i], missing, people: await people() });
  }

  // 4. Overlay on and off, on a frame where someone attends and one where someone is away (per the page).
  result.overlay = [];
  for (const state of ['ATTENDING', 'AWAY']) {
    // The newest such frame: it is still in the minute.
    const step = result.minute.steps.findLast((s) => !s.left && !s.missing && s.people.length
      && s.people.every((p) => p.state === state));
    if (!step || !await slideTo(step.t)) continue;
    await awaitShown(step.t);
    const canvas = await page.$('#frame');
    const on = join(outDir, `overlay-${state.toLowerCase()}-on.png`);
    const off = join(outDir, `overlay-${state.toLowerCase()}-off.png`);
    await canvas.screenshot({ path: on });
    await page.uncheck('#overlay');
    await page.waitForTimeout(200);
    await canvas.screenshot({ path: off });
    await page.check('#overlay');
    const size = await page.evaluate(() => {
      const c = document.getElementById('frame');
      return { frameWidth: Number(c.dataset.frameWidth), frameHeight: Number(c.dataset.frameHeight) };
    });
    result.overlay.push({ state, t: step.t, on, off, people: step.people, ...size });
  }

  // 5. Live again; every alert listed, with when it was shown.
  await page.click('#live');
  const liveT = await shownT();
  await page.waitForFunction((t) => Number(document.getElementById('frame').dataset.t) > t, liveT, { timeout: 10000 });
  result.backLive = { mode: await mode(), advanced: true };
  result.alerts = await page.evaluate(() => [...document.querySelectorAll('#alerts li')].map((li) => ({
    id: li.dataset.alertId, state: li.dataset.alertState, track: Number(li.dataset.track), shownAtMs: Number(li.dataset.shownAt),
  })));
  result.closedAtMs = Date.now();
  result.ok = true;
} catch (e) {
  result.ok = false;
  result.error = String(e && e.stack || e);
} finally {
  writeFileSync(join(outDir, 'result.json'), JSON.stringify(result, null, 1));
  await browser.close();
}
console.log(result.ok ? 'view checked' : `view check failed: ${result.error}`);
process.exit(result.ok ? 0 : 1);
