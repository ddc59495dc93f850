// Heed's live view: one camera's analysed frames with each face's box, track id, head-pose axes and attention
// state, the camera's attending cone, alerts, and a per-person timeline. Everything arrives as server-sent events
// (see PreviewEvents.java for the JSON); frame images are fetched by capture time and never cached by the browser.
'use strict';

const COLOURS = {
  ATTENDING: '#2ecc71', AWAY: '#ff9f1a', FACE_HIDDEN: '#b57edc', ABSENT: '#9aa5b1', UNKNOWN: '#e8e8e8', ALERT: '#ff3b30',
};
const POSE_MAX_AGE_MS = 1000;     // a face without a pose of its own frame takes its latest within this
const TIMELINE_ROWS = 12;         // people shown in the timeline, the most recently seen first
const IMAGE_CACHE = 12;           // decoded frames kept for stepping without a refetch
const LIVE_MAX_LAG_MS = 3000;     // live shows the newest frame whose faces have their poses, unless that is further behind

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);

// Everything known about the camera; reset on every (re)connection, whose history rebuilds it.
let view = fresh();

function fresh() {
  return {
    camera: null, cameras: [], frameHistoryMs: 60000, timelineMs: 300000,
    frames: [],              // [{t, n, w, h, faces}] by capture time, the last minute
    poses: new Map(),        // track -> [{t, yaw, pitch, roll, visibility, coneState}] by time
    states: new Map(),       // track -> [{since, state}] by time: the aggregator's decisions
    alerts: new Map(),       // alert id -> {id, track, type, raised, cleared}
    cone: null, coneSource: 'default',
    framesReceived: 0,
    replaying: true,         // until the 'live' event: the history of a new stream is arriving
  };
}

// What is on screen; survives reconnections.
const screen = { paused: false, shownT: null, overlay: true, images: new Map(), drawn: null };

function numberOf(v) { return v === undefined ? 0 : Number(v); }
function stateName(s) { return (s || '').replace('PERSON_ATTENTION_', ''); }

function insertSorted(list, item, key) {
  let i = list.length;
  while (i > 0 && key(list[i - 1]) > key(item)) i--;
  if (i > 0 && key(list[i - 1]) === key(item)) list[i - 1] = item; else list.splice(i, 0, item);
}

// --- What the events say ------------------------------------------------------------------------------------------

function onFrame(f) {
  const frame = { t: f.capture_time_ms, n: f.frame_number, w: f.frame_width, h: f.frame_height, faces: f.faces };
  insertSorted(view.frames, frame, (x) => x.t);
  const newest = view.frames[view.frames.length - 1].t;
  while (view.frames.length && view.frames[0].t < newest - view.frameHistoryMs) view.frames.shift();
  view.framesReceived++;
  document.body.dataset.framesReceived = view.framesReceived;
  if (!screen.paused && !view.replaying) showLive();
  if (!view.replaying) updateScrub();
}

function onPose(p) {
  const e = p.event;
  const track = numberOf(e.track_id);
  const pose = {
    t: numberOf(e.capture_time_ms), yaw: Number(e.yaw_deg || 0), pitch: Number(e.pitch_deg || 0), roll: Number(e.roll_deg || 0),
    visibility: e.visibility || 'VISIBILITY_FACE', coneState: p.cone_state,
  };
  if (!view.poses.has(track)) view.poses.set(track, []);
  const list = view.poses.get(track);
  insertSorted(list, pose, (x) => x.t);
  trim(list, (x) => x.t);
  if (!screen.paused && !view.replaying) showLive();
  if (screen.drawn && Math.abs(screen.drawn.t - pose.t) <= POSE_MAX_AGE_MS) redrawSoon();
  timelineSoon();
}

function onState(s) {
  const track = numberOf(s.track_id);
  if (!view.states.has(track)) view.states.set(track, []);
  const list = view.states.get(track);
  insertSorted(list, { since: numberOf(s.since_ms), state: stateName(s.state) }, (x) => x.since);
  trim(list, (x) => x.since, 1);
  redrawSoon();
  timelineSoon();
}

function onAlert(a) {
  const id = a.alert_id;
  const record = { t: numberOf(a.event_time_ms), startedAt: numberOf(a.started_at_ms), durationMs: numberOf(a.duration_ms) };
  const alert = view.alerts.get(id) || { id, track: numberOf(a.track_id), type: a.type };
  if (a.state === 'CLEARED') alert.cleared = record; else alert.raised = record;
  view.alerts.set(id, alert);
  listAlert(alert, a.state === 'CLEARED' ? 'cleared' : 'raised');
  redrawSoon();
  timelineSoon();
}

function onCone(c) {
  const p = c.policy;
  view.cone = {
    policyId: p.policy_id || 'default', yaw0: Number(p.yaw0_deg || 0), pitch0: Number(p.pitch0_deg || 0),
    yawTol: Number(p.yaw_tolerance_deg), pitchTol: Number(p.pitch_tolerance_deg),
  };
  view.coneSource = c.source;
  const src = { default: 'the aggregator\'s default (no policy for this camera)', policy: `policy "${view.cone.policyId}"`,
    'invalid-policy': `policy "${view.cone.policyId}" is invalid: the default is used` }[c.source] || c.source;
  $('cone-text').textContent = `Attending: yaw ${fmt(view.cone.yaw0)} \u00b1 ${fmt(view.cone.yawTol)}\u00b0, `
    + `pitch ${fmt(view.cone.pitch0)} \u00b1 ${fmt(view.cone.pitchTol)}\u00b0 (${src}).`;
  redrawSoon();
}

/** Drops what is older than the timeline span, keeping `keep` entries at least (a state holds until the next). */
function trim(list, time, keep = 0) {
  const newest = time(list[list.length - 1]);
  while (list.length > keep && time(list[0]) < newest - view.timelineMs) list.shift();
}

function fmt(x) { return (Math.round(x * 10) / 10).toString(); }

// --- Deciding a person's state at a time --------------------------------------------------------------------------

/** The pose of the track at t: that frame's own, else the latest before it within POSE_MAX_AGE_MS. */
function poseAt(track, t) {
  const list = view.poses.get(track);
  if (!list) return null;
  let lo = 0, hi = list.length - 1, best = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].t <= t) { best = list[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return best && t - best.t <= POSE_MAX_AGE_MS ? best : null;
}

/**
 * The person's attention state at t: the aggregator's (heed.attention-states.v1, after its hysteresis and temporal
 * filter) once it has said something about this person by then; before that, the pose's angle against the cone.
 */
function stateAt(track, t) {
  const changes = view.states.get(track);
  if (changes) {
    let found = null;
    for (const c of changes) { if (c.since <= t) found = c; else break; }
    if (found) return { state: found.state, source: 'aggregator' };
  }
  const pose = poseAt(track, t);
  if (pose) return { state: pose.coneState, source: 'pose' };
  return { state: 'UNKNOWN', source: 'none' };
}

function openAlertsAt(track, t) {
  const open = [];
  for (const a of view.alerts.values()) {
    if (a.track === track && a.raised && a.raised.t <= t && !(a.cleared && a.cleared.t <= t)) open.push(a);
  }
  return open;
}

// --- Showing a frame ----------------------------------------------------------------------------------------------

function frameUrl(t) {
  return `frame?camera=${encodeURIComponent(view.camera)}&t=${t}`;
}

function hasOwnPose(track, t) {
  const pose = poseAt(track, t);
  return pose !== null && pose.t === t;
}

/**
 * Live, the frame shown is the newest one whose faces all have their own pose (poses come from inference a moment
 * after the frame), so that boxes, axes and colours belong together; if the poses lag more than LIVE_MAX_LAG_MS, the
 * newest frame, its faces marked as having no pose yet.
 */
function showLive() {
  const newest = view.frames[view.frames.length - 1];
  if (!newest) return;
  let pick = null;
  for (let i = view.frames.length - 1; i >= 0 && newest.t - view.frames[i].t <= LIVE_MAX_LAG_MS; i--) {
    const f = view.frames[i];
    if (f.faces.every((face) => hasOwnPose(numberOf(face.track_id), f.t))) { pick = f; break; }
  }
  $('lag').textContent = pick === null ? `poses are more than ${LIVE_MAX_LAG_MS / 1000} s behind the camera: showing frames without them`
    : pick.t < newest.t ? `${((newest.t - pick.t) / 1000).toFixed(1)} s behind the camera (waiting for poses)` : '';
  pick = pick || newest;
  if (!screen.drawn || pick.t > screen.drawn.t) show(pick.t);
}

/** Shows the frame taken at t: its image is fetched (or taken from the small cache), then drawn with its overlay. */
function show(t) {
  const frame = view.frames.find((f) => f.t === t);
  if (!frame) return;
  const cached = screen.images.get(t);
  if (cached && cached.complete) { draw(frame, cached); return; }
  const img = cached || new Image();
  if (!cached) {
    img.src = frameUrl(t);
    screen.images.set(t, img);
    while (screen.images.size > IMAGE_CACHE) screen.images.delete(screen.images.keys().next().value);
  }
  img.onload = () => {
    // Live: only if no newer frame was drawn meanwhile. Paused: only the frame asked for.
    if (screen.paused ? screen.shownT === t : !screen.drawn || screen.drawn.t <= t) draw(frame, img);
  };
  img.onerror = () => {
    screen.images.delete(t);
    if (screen.paused && screen.shownT === t) drawMissing(frame);
  };
}

function draw(frame, img) {
  const canvas = $('frame');
  if (canvas.width !== img.naturalWidth || canvas.height !== img.naturalHeight) {
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
  }
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  screen.drawn = { t: frame.t, frame, img };
  canvas.dataset.t = frame.t;
  canvas.dataset.missing = 'false';
  canvas.dataset.frameWidth = frame.w;
  canvas.dataset.frameHeight = frame.h;
  const scale = canvas.width / frame.w;
  const people = frame.faces.map((f) => {
    const track = numberOf(f.track_id);
    return { track, face: f, pose: poseAt(track, frame.t), state: stateAt(track, frame.t), alerts: openAlertsAt(track, frame.t) };
  });
  if (screen.overlay) people.forEach((p) => drawPerson(ctx, p, scale));
  if (screen.overlay) drawAlertBanner(ctx, people);
  listPeople(people);
  drawConeChart(people);
  $('clock').textContent = new Date(frame.t).toLocaleTimeString([], { hour12: false }) + '.'
    + String(frame.t % 1000).padStart(3, '0');
  updateScrub();
  timelineSoon();
}

function drawMissing(frame) {
  const canvas = $('frame');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#ccc';
  ctx.font = '16px system-ui';
  ctx.fillText('This frame is no longer kept (the preview keeps about a minute).', 20, 40);
  screen.drawn = { t: frame.t, frame, img: null };
  canvas.dataset.t = frame.t;
  canvas.dataset.missing = 'true';
}

let redrawPending = false;
function redrawSoon() {
  if (redrawPending) return;
  redrawPending = true;
  requestAnimationFrame(() => {
    redrawPending = false;
    if (screen.drawn && screen.drawn.img) draw(screen.drawn.frame, screen.drawn.img);
  });
}

// The head's axes: R = Rx(-pitch) Ry(yaw) Rz(roll) in image coordinates (x right, y down, z away from the camera), so
// that yaw > 0 turns the face toward image-left, pitch > 0 up and roll > 0 clockwise, and the forward axis does not
// depend on roll. Its columns, seen along z, are the face's right, up and forward directions on the image.
function rotation(yawDeg, pitchDeg, rollDeg) {
  const r = Math.PI / 180;
  const [y, p, q] = [yawDeg * r, -pitchDeg * r, rollDeg * r];
  const rx = [[1, 0, 0], [0, Math.cos(p), -Math.sin(p)], [0, Math.sin(p), Math.cos(p)]];
  const ry = [[Math.cos(y), 0, Math.sin(y)], [0, 1, 0], [-Math.sin(y), 0, Math.cos(y)]];
  const rz = [[Math.cos(q), -Math.sin(q), 0], [Math.sin(q), Math.cos(q), 0], [0, 0, 1]];
  const mul = (a, b) => a.map((row) => [0, 1, 2].map((j) => row[0] * b[0][j] + row[1] * b[1][j] + row[2] * b[2][j]));
  return mul(mul(rx, ry), rz);
}

function project(m, v) {
  return [m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2], m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2]];
}

/** Where the face points on the image for a (yaw, pitch), as a unit-length offset: the forward axis above. */
function forward(yawDeg, pitchDeg) {
  return project(rotation(yawDeg, pitchDeg, 0), [0, 0, -1]);
}

function drawPerson(ctx, p, scale) {
  const [x, y, w, h] = p.face.box.map((v) => v * scale);
  const colour = COLOURS[p.state.state] || COLOURS.UNKNOWN;
  const line = Math.max(2, Math.round(ctx.canvas.width / 320));
  if (p.alerts.length) {
    ctx.strokeStyle = COLOURS.ALERT;
    ctx.lineWidth = line * 2;
    ctx.strokeRect(x - line * 2.5, y - line * 2.5, w + line * 5, h + line * 5);
  }
  ctx.strokeStyle = colour;
  ctx.lineWidth = line;
  // A hidden face (the head in place, the face not found): dashed, where the face was last seen.
  if (p.face.hidden) ctx.setLineDash([line * 3, line * 2]);
  ctx.strokeRect(x, y, w, h);
  ctx.setLineDash([]);

  const label = `#${p.track} ${p.state.state.toLowerCase().replace('_', ' ')}`;
  ctx.font = `bold ${Math.max(12, Math.round(w / 7))}px system-ui, sans-serif`;
  const tw = ctx.measureText(label).width + 8;
  const th = Math.max(16, Math.round(w / 5));
  ctx.fillStyle = colour;
  ctx.fillRect(x - line / 2, y - th, tw, th);
  ctx.fillStyle = '#111';
  ctx.fillText(label, x + 4 - line / 2, y - th * 0.25);

  // Axes from the nose tip (landmark 2), or the box centre.
  const lm = p.face.landmarks || [];
  const ox = lm.length >= 6 ? lm[4] * scale : x + w / 2;
  const oy = lm.length >= 6 ? lm[5] * scale : y + h / 2;
  const size = w * 0.9;
  if (view.cone && !p.face.hidden) drawCone(ctx, ox, oy, size, line);
  if (!p.pose || p.pose.visibility !== 'VISIBILITY_FACE') return;
  const m = rotation(p.pose.yaw, p.pose.pitch, p.pose.roll);
  [[[1, 0, 0], '#ff4040'], [[0, -1, 0], '#40ff40'], [[0, 0, -1], '#4090ff']].forEach(([axis, c]) => {
    const [dx, dy] = project(m, axis);
    ctx.strokeStyle = c;
    ctx.lineWidth = line;
    ctx.beginPath();
    ctx.moveTo(ox, oy);
    ctx.lineTo(ox + dx * size * (axis[2] ? 1.2 : 0.5), oy + dy * size * (axis[2] ? 1.2 : 0.5));
    ctx.stroke();
  });
}

/** The cone's edge as the forward axis would reach it: inside means attending (hysteresis aside). */
function drawCone(ctx, ox, oy, size, line) {
  const c = view.cone;
  // The aggregator's cone is an ellipse of the two tolerances around (yaw0, pitch0).
  const edge = [];
  const steps = 48;
  for (let i = 0; i < steps; i++) {
    const a = 2 * Math.PI * i / steps;
    edge.push([Math.max(-90, Math.min(90, c.yaw0 + c.yawTol * Math.cos(a))), Math.max(-90, Math.min(90, c.pitch0 + c.pitchTol * Math.sin(a)))]);
  }
  ctx.save();
  ctx.setLineDash([line * 3, line * 2]);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.75)';
  ctx.lineWidth = Math.max(1, line / 2);
  ctx.beginPath();
  edge.forEach(([yaw, pitch], i) => {
    const [dx, dy] = forward(yaw, pitch);
    const px = ox + dx * size * 1.2, py = oy + dy * size * 1.2;
    if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
  });
  ctx.closePath();
  ctx.stroke();
  ctx.restore();
}

function drawAlertBanner(ctx, people) {
  const open = people.flatMap((p) => p.alerts.map((a) => `#${p.track} ${a.type.toLowerCase().replace(/_/g, ' ')}`));
  if (!open.length) return;
  const text = `ALERT ${open.join(', ')}`;
  ctx.font = `bold ${Math.max(14, Math.round(ctx.canvas.width / 40))}px system-ui, sans-serif`;
  const h = Math.max(22, Math.round(ctx.canvas.width / 28));
  ctx.fillStyle = 'rgba(255, 59, 48, 0.85)';
  ctx.fillRect(0, 0, ctx.measureText(text).width + 20, h);
  ctx.fillStyle = '#fff';
  ctx.fillText(text, 10, h * 0.72);
}

function listPeople(people) {
  const ul = $('people');
  ul.replaceChildren(...people.map((p) => {
    const li = document.createElement('li');
    li.dataset.track = p.track;
    li.dataset.state = p.state.state;
    li.dataset.stateSource = p.state.source;
    li.dataset.box = p.face.box.join(',');
    const pose = p.pose && p.pose.visibility === 'VISIBILITY_FACE'
      ? `yaw ${fmt(p.pose.yaw)} pitch ${fmt(p.pose.pitch)} roll ${fmt(p.pose.roll)}` : 'no pose yet';
    if (p.pose) { li.dataset.yaw = p.pose.yaw; li.dataset.pitch = p.pose.pitch; li.dataset.poseT = p.pose.t; }
    li.textContent = `#${p.track} ${p.state.state.toLowerCase().replace('_', ' ')} (${p.state.source === 'aggregator'
      ? 'aggregator' : 'pose vs cone'}) \u00b7 ${pose}${p.alerts.length ? ' \u00b7 ALERT' : ''}`;
    return li;
  }));
}

function listAlert(alert, kind) {
  const rec = kind === 'cleared' ? alert.cleared : alert.raised;
  const li = document.createElement('li');
  li.className = kind;
  li.dataset.alertId = alert.id;
  li.dataset.alertState = kind.toUpperCase();
  li.dataset.track = alert.track;
  li.dataset.shownAt = Date.now();
  const when = new Date(rec.t).toLocaleTimeString([], { hour12: false });
  li.textContent = `${when} #${alert.track} ${alert.type.toLowerCase().replace(/_/g, ' ')} ${kind}`
    + (rec.durationMs ? ` (${(rec.durationMs / 1000).toFixed(1)} s)` : '');
  const ul = $('alerts');
  ul.prepend(li);
  while (ul.children.length > 100) ul.lastChild.remove();
}

/** Yaw across (turned toward image-left on the left, as the camera sees it), pitch up; the cone as its ellipse. */
function drawConeChart(people) {
  const canvas = $('cone');
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height, R = 90;
  const x = (yaw) => W / 2 - yaw / R * (W / 2 - 10);
  const y = (pitch) => H / 2 - pitch / R * (H / 2 - 10);
  ctx.fillStyle = '#1d232a';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#3d4751';
  ctx.beginPath(); ctx.moveTo(x(-R), y(0)); ctx.lineTo(x(R), y(0)); ctx.moveTo(x(0), y(-R)); ctx.lineTo(x(0), y(R)); ctx.stroke();
  ctx.fillStyle = '#9aa5b1';
  ctx.font = '10px system-ui';
  ctx.fillText('yaw \u2192 image-right', W - 92, H - 6);
  ctx.fillText('pitch up', x(0) + 4, 12);
  if (view.cone) {
    const c = view.cone;
    ctx.fillStyle = 'rgba(46, 204, 113, 0.18)';
    ctx.strokeStyle = COLOURS.ATTENDING;
    ctx.beginPath();
    ctx.ellipse(x(c.yaw0), y(c.pitch0), Math.abs(x(c.yawTol) - x(0)), Math.abs(y(c.pitchTol) - y(0)), 0, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  people.forEach((p) => {
    if (!p.pose || p.pose.visibility !== 'VISIBILITY_FACE') return;
    const px = x(Math.max(-R, Math.min(R, p.pose.yaw))), py = y(Math.max(-R, Math.min(R, p.pose.pitch)));
    ctx.fillStyle = COLOURS[p.state.state] || COLOURS.UNKNOWN;
    ctx.beginPath(); ctx.arc(px, py, 5, 0, 2 * Math.PI); ctx.fill();
    ctx.fillStyle = '#fff';
    ctx.fillText(`#${p.track}`, px + 7, py + 4);
  });
}

// --- Timeline -----------------------------------------------------------------------------------------------------

let timelinePending = false;
function timelineSoon() {
  if (timelinePending) return;
  timelinePending = true;
  setTimeout(() => { timelinePending = false; drawTimeline(); }, 250);
}

/** Per person over the span: the state of each sample, alerts beneath, attending share and away runs. */
function drawTimeline() {
  const canvas = $('timeline');
  const newest = Math.max(view.frames.length ? view.frames[view.frames.length - 1].t : 0,
    ...[...view.poses.values()].map((l) => (l.length ? l[l.length - 1].t : 0)));
  if (!newest) return;
  const from = newest - view.timelineMs;
  const tracks = [...view.poses.entries()]
    .filter(([, l]) => l.length && l[l.length - 1].t >= from)
    .sort((a, b) => b[1][b[1].length - 1].t - a[1][a[1].length - 1].t)
    .slice(0, TIMELINE_ROWS)
    .map(([track]) => track)
    .sort((a, b) => a - b);
  const rowH = 34, labelW = 230, top = 16;
  const width = Math.max(400, Math.round(canvas.getBoundingClientRect().width || 960));
  const height = top + Math.max(1, tracks.length) * rowH + 4;
  if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#1d232a';
  ctx.fillRect(0, 0, width, height);
  const x = (t) => labelW + (t - from) / view.timelineMs * (width - labelW - 8);
  ctx.fillStyle = '#9aa5b1';
  ctx.font = '11px system-ui';
  for (let m = 0; m * 60000 <= view.timelineMs; m++) {
    const t = newest - m * 60000;
    ctx.fillRect(x(t), top - 4, 1, height - top);
    ctx.fillText(m === 0 ? 'now' : `-${m} min`, x(t) - (m === 0 ? 22 : 14), 11);
  }
  $('timeline-span').textContent = `(last ${Math.round(view.timelineMs / 60000)} minutes)`;
  if (!tracks.length) {
    ctx.fillText('No poses yet.', labelW, top + 16);
  }
  tracks.forEach((track, row) => {
    const y0 = top + row * rowH;
    const samples = view.poses.get(track).filter((p) => p.t >= from);
    let attending = 0, known = 0, runs = 0, wasAway = false;
    samples.forEach((p, i) => {
      const s = stateAt(track, p.t).state;
      const next = i + 1 < samples.length ? samples[i + 1].t : p.t + 200;
      ctx.fillStyle = COLOURS[s] || COLOURS.UNKNOWN;
      ctx.fillRect(x(p.t), y0 + 4, Math.max(1, x(Math.min(next, p.t + 1000)) - x(p.t)), 14);
      if (s !== 'UNKNOWN') known++;
      if (s === 'ATTENDING') attending++;
      const away = s === 'AWAY' || s === 'FACE_HIDDEN';
      if (away && !wasAway) runs++;
      wasAway = away;
    });
    let alerts = 0;
    for (const a of view.alerts.values()) {
      if (a.track !== track || !a.raised) continue;
      const end = a.cleared ? a.cleared.t : newest;
      if (end < from) continue;
      alerts++;
      ctx.fillStyle = COLOURS.ALERT;
      ctx.fillRect(x(Math.max(from, a.raised.t)), y0 + 21, Math.max(2, x(end) - x(Math.max(from, a.raised.t))), 6);
    }
    const share = known ? Math.round(100 * attending / known) : 0;
    ctx.fillStyle = '#e9edf1';
    ctx.font = '12px system-ui';
    ctx.fillText(`#${track}  ${share}% attending \u00b7 ${runs} away run${runs === 1 ? '' : 's'} \u00b7 ${alerts} alert${alerts === 1 ? '' : 's'}`,
      6, y0 + 20);
    canvas.dataset[`share${track}`] = share;
  });
  if (screen.drawn) {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(x(screen.drawn.t), top - 4, 2, height - top);
  }
}

// --- Pause and step -----------------------------------------------------------------------------------------------

function setMode(mode) {
  const el = $('mode');
  el.textContent = mode;
  el.className = `mode ${mode === 'paused' ? 'paused' : mode === 'live' ? 'live' : 'down'}`;
  $('pause').textContent = screen.paused ? 'Go on' : 'Pause';
}

function pause() {
  if (screen.paused || !screen.drawn) return;
  screen.paused = true;
  screen.shownT = screen.drawn.t;
  setMode('paused');
}

function goLive() {
  screen.paused = false;
  screen.shownT = null;
  setMode('live');
  screen.drawn = null;
  showLive();
}

function step(delta) {
  pause();
  if (!screen.paused) return;
  const i = view.frames.findIndex((f) => f.t === screen.shownT);
  const j = Math.max(0, Math.min(view.frames.length - 1, (i < 0 ? view.frames.length - 1 : i) + delta));
  screen.shownT = view.frames[j].t;
  show(screen.shownT);
}

function updateScrub() {
  const s = $('scrub');
  s.max = Math.max(0, view.frames.length - 1);
  const t = screen.paused ? screen.shownT : (screen.drawn ? screen.drawn.t : null);
  const i = view.frames.findIndex((f) => f.t === t);
  if (i >= 0) s.value = i;
}

$('pause').addEventListener('click', () => (screen.paused ? goLive() : pause()));
$('live').addEventListener('click', goLive);
$('back').addEventListener('click', () => step(-1));
$('forward').addEventListener('click', () => step(1));
$('scrub').addEventListener('input', (e) => {
  pause();
  const f = view.frames[Number(e.target.value)];
  if (f) { screen.shownT = f.t; show(f.t); }
});
$('overlay').addEventListener('change', (e) => { screen.overlay = e.target.checked; redrawSoon(); });
document.addEventListener('keydown', (e) => {
  if (e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT') return;
  if (e.key === ' ') { e.preventDefault(); screen.paused ? goLive() : pause(); }
  if (e.key === 'ArrowLeft') step(-1);
  if (e.key === 'ArrowRight') step(1);
});
$('camera').addEventListener('change', (e) => { location.search = `?camera=${encodeURIComponent(e.target.value)}`; });
window.addEventListener('resize', timelineSoon);

// --- The stream ---------------------------------------------------------------------------------------------------

function connect() {
  const camera = query.get('camera') || '';
  const source = new EventSource(`events?camera=${encodeURIComponent(camera)}`);
  const on = (type, fn) => source.addEventListener(type, (e) => fn(JSON.parse(e.data)));
  on('hello', (h) => {
    // A (re)connection starts with the whole history again: rebuild from it.
    view = fresh();
    view.camera = h.camera_id;
    view.cameras = h.cameras;
    view.frameHistoryMs = h.frame_history_ms;
    view.timelineMs = h.timeline_ms;
    $('alerts').replaceChildren();
    const select = $('camera');
    select.replaceChildren(...h.cameras.map((c) => new Option(c, c, false, c === h.camera_id)));
    setMode(screen.paused ? 'paused' : 'live');
  });
  on('live', () => {
    view.replaying = false;
    if (screen.paused && view.frames.some((f) => f.t === screen.shownT)) show(screen.shownT);
    else { screen.paused = false; setMode('live'); screen.drawn = null; showLive(); }
    updateScrub();
    timelineSoon();
  });
  on('cone', onCone);
  on('frame', onFrame);
  on('pose', onPose);
  on('state', onState);
  on('alert', onAlert);
  source.onerror = () => setMode('reconnecting');
  source.onopen = () => setMode(screen.paused ? 'paused' : 'live');
}

connect();
