// "/ops" (admins): the service graph (SVG), the queues, the scaling hints, and the dead letters
// with replay and discard behind a confirmation step. Polls the ops API every few seconds; a
// dead-letter queue's messages are read only when asked (a read briefly holds them all).
// Everything from the broker is put in the page as text (el(), textContent), never as HTML.
import { api, currentUser, el, renderAccount, showMessage } from './app.js';

const $ = (id) => document.getElementById(id);
const POLL_MS = 3000;
const SVG = 'http://www.w3.org/2000/svg';
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

let queueStats = [];
let selectedQueue = null;

/** An SVG element; attributes set with setAttribute, strings among children become text. */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function cell(text, className) {
  return el('td', { className }, text === null || text === undefined ? '' : String(text));
}

function num(value) {
  return cell(number.format(value), 'num');
}

// ---- the graph --------------------------------------------------------------------------

const W = 860;
const BOX_W = 120;
const BOX_H = 44;

/** Services on an ellipse, web first at the left; dead-letter queues in a row at the bottom. */
function layout(services) {
  const ordered = [...services].sort((a, b) => (a === 'web' ? -1 : b === 'web' ? 1 : a.localeCompare(b)));
  const at = new Map();
  ordered.forEach((id, i) => {
    const angle = Math.PI + (i * 2 * Math.PI) / ordered.length;
    at.set(id, { x: W / 2 + 300 * Math.cos(angle), y: 170 + 120 * Math.sin(angle) });
  });
  return at;
}

function drawGraph(graph) {
  const byName = new Map(queueStats.map((q) => [q.name, q]));
  const services = graph.nodes.filter((n) => n.kind === 'service');
  const dlqs = graph.nodes.filter((n) => n.kind !== 'service');
  const at = layout(services.map((n) => n.id));

  // One drawn edge per sender, receiver and kind: its queues' rates summed.
  const drawn = new Map();
  for (const e of graph.edges) {
    const key = e.from + '|' + e.to + '|' + e.kind;
    const d = drawn.get(key) || { from: e.from, to: e.to, kind: e.kind, rate: 0, vias: [], idle: false, failing: false };
    d.rate += e.rate;
    d.vias.push(e.via);
    const q = byName.get(e.via);
    if (q && q.consumers === 0) d.idle = true;
    const dlq = byName.get(e.via + '.dlq');
    if (dlq && dlq.ready + dlq.unacked > 0) d.failing = true;
    drawn.set(key, d);
  }
  const root = $('graph');
  const defs = svg('defs', {},
    svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' })));
  const edges = svg('g', { class: 'edges' });
  const perPair = new Map();
  for (const d of drawn.values()) {
    const a = at.get(d.from);
    const b = at.get(d.to);
    if (!a || !b) continue;
    const pair = d.from + '|' + d.to;
    const index = perPair.get(pair) || 0;
    perPair.set(pair, index + 1);
    const cls = 'edge ' + d.kind + (d.failing ? ' failing' : '') + (d.idle ? ' idle' : '');
    const label = d.kind + ' ' + number.format(d.rate) + '/s';
    const title = svg('title', {}, d.from + ' → ' + d.to + ' (' + d.kind + ') via ' + d.vias.join(', '));
    let path;
    let lx;
    let ly;
    if (d.from === d.to) {
      const top = a.y - BOX_H / 2;
      path = `M ${a.x - 20} ${top} C ${a.x - 50} ${top - 70}, ${a.x + 50} ${top - 70}, ${a.x + 20} ${top}`;
      lx = a.x;
      ly = top - 58 - index * 14;
    } else {
      // A curve bending to its left, further for each more edge between the same two services,
      // so a → b and b → a never overlap.
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.hypot(dx, dy) || 1;
      const bend = 30 + index * 34;
      const cx = (a.x + b.x) / 2 + (-dy / len) * bend;
      const cy = (a.y + b.y) / 2 + (dx / len) * bend;
      const start = edgePoint(a, cx, cy);
      const end = edgePoint(b, cx, cy);
      path = `M ${start.x} ${start.y} Q ${cx} ${cy} ${end.x} ${end.y}`;
      // The label a little before the middle, so labels of crossing edges do not meet there.
      const t = 0.4;
      lx = (1 - t) * (1 - t) * start.x + 2 * (1 - t) * t * cx + t * t * end.x;
      ly = (1 - t) * (1 - t) * start.y + 2 * (1 - t) * t * cy + t * t * end.y - 4;
    }
    edges.append(svg('g', { class: cls, 'data-from': d.from, 'data-to': d.to, 'data-kind': d.kind },
      title,
      svg('path', { d: path, 'marker-end': 'url(#arrow)' }),
      svg('text', { x: lx, y: ly }, label)));
  }
  const nodes = svg('g', { class: 'nodes' });
  for (const n of services) {
    const p = at.get(n.id);
    nodes.append(svg('g', { class: 'node service' + (n.replicas === 0 ? ' down' : ''), 'data-id': n.id },
      svg('rect', { x: p.x - BOX_W / 2, y: p.y - BOX_H / 2, width: BOX_W, height: BOX_H, rx: 8 }),
      svg('text', { x: p.x, y: p.y - 3 }, n.id),
      svg('text', { x: p.x, y: p.y + 13, class: 'sub' },
        n.replicas === 0 ? 'not running' : n.replicas + (n.replicas === 1 ? ' replica' : ' replicas'))));
  }
  dlqs.forEach((n, i) => {
    const x = 110 + i * 210;
    const y = 385;
    const owner = at.get(n.id.split('.')[0]);
    if (owner) {
      edges.append(svg('g', { class: 'edge dead' },
        svg('path', { d: `M ${owner.x} ${owner.y + BOX_H / 2} L ${x} ${y - 16}`, 'marker-end': 'url(#arrow)' })));
    }
    nodes.append(svg('g', { class: 'node dlq', 'data-id': n.id },
      svg('rect', { x: x - 95, y: y - 16, width: 190, height: 32, rx: 6 }),
      svg('text', { x, y: y + 4 }, n.id + ': ' + n.replicas)));
  });
  root.replaceChildren(defs, edges, nodes);

  const alerts = $('alerts');
  alerts.replaceChildren(...(graph.alerts || []).map((a) => el('li', {}, a)));
}

/** Where the line from a box's centre towards (tx, ty) leaves the box. */
function edgePoint(p, tx, ty) {
  const dx = tx - p.x;
  const dy = ty - p.y;
  const sx = dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: p.x + dx * s, y: p.y + dy * s };
}

// ---- queues and scaling ----------------------------------------------------------------

function drawQueues() {
  const rows = [...queueStats].sort((a, b) => a.name.localeCompare(b.name)).map((q) => {
    const dead = q.name.endsWith('.dlq');
    const worker = !dead && !q.name.startsWith('warren.') && !q.name.startsWith('amq.');
    const className = dead && q.ready + q.unacked > 0 ? 'bad' : worker && q.consumers === 0 ? 'warn' : '';
    return el('tr', { className, 'data-queue': q.name },
      cell(q.name), num(q.ready), num(q.unacked), num(q.consumers), num(q.publishRate), num(q.deliverRate));
  });
  $('queues').tBodies[0].replaceChildren(...rows);
}

function drawScaling(hints) {
  $('scaling').tBodies[0].replaceChildren(...hints.map((h) =>
    el('tr', { 'data-service': h.service },
      cell(h.service), num(h.desiredReplicas), cell(h.queue), num(h.depth), num(h.arrivalRate),
      num(h.processingMs), cell(h.reason))));
}

// ---- dead letters ----------------------------------------------------------------------

function drawDeadLetterQueues(queues) {
  $('dlqs-empty').hidden = queues.length > 0;
  $('dlqs').tBodies[0].replaceChildren(...queues.map((q) => {
    const show = el('button', { type: 'button', className: 'secondary' }, 'Show');
    show.addEventListener('click', () => openQueue(q.queue));
    return el('tr', { className: q.queue === selectedQueue ? 'selected' : q.count > 0 ? 'bad' : '', 'data-queue': q.queue },
      cell(q.queue), num(q.count), el('td', {}, show));
  }));
}

async function openQueue(queue) {
  selectedQueue = queue;
  hideConfirm();
  $('dlq-title').textContent = queue;
  $('dlq-detail').hidden = false;
  await loadQueue();
}

async function loadQueue() {
  const queue = selectedQueue;
  if (!queue) return;
  const path = '/api/v1/ops/dead-letters/' + encodeURIComponent(queue);
  try {
    const [groups, letters] = await Promise.all([api('GET', path + '/groups'), api('GET', path + '?limit=100')]);
    drawGroups(groups);
    drawLetters(letters);
  } catch (e) {
    showMessage($('dlq-message'), e.message, 'error');
  }
}

function time(iso) {
  if (!iso) return '';
  const when = new Date(iso);
  return isNaN(when) ? iso : when.toLocaleString();
}

function drawGroups(groups) {
  $('groups').tBodies[0].replaceChildren(...groups.map((g) => {
    const replay = el('button', { type: 'button', className: 'secondary' }, 'Replay group…');
    replay.addEventListener('click', () => planReplay({ group: g.group }, 'the ' + g.count + ' message(s) of ' + g.group));
    return el('tr', { 'data-group': g.group },
      cell(g.errorClass), cell(g.endpoint), num(g.count), cell(time(g.firstSeen)), cell(time(g.lastSeen)), el('td', {}, replay));
  }));
}

function drawLetters(letters) {
  $('letters-empty').hidden = letters.length > 0;
  $('letters').replaceChildren(...letters.map((l) => {
    const error = l.error ? l.error.errorClass + ': ' + (l.error.message || '') : '(no error recorded)';
    const replay = el('button', { type: 'button' }, 'Replay…');
    replay.addEventListener('click', () => planReplay({ ids: [l.id] }, 'message ' + l.id));
    const discard = el('button', { type: 'button', className: 'secondary' }, 'Discard…');
    discard.addEventListener('click', () => planDiscard([l.id]));
    let body = l.body;
    try {
      body = JSON.stringify(JSON.parse(l.body), null, 2);
    } catch (e) {
      // not JSON (that may be why it is here): shown as it is
    }
    return el('li', { 'data-id': l.id },
      el('div', { className: 'post-meta' },
        el('strong', {}, l.id),
        el('span', { className: 'letter-cause' }, l.reason),
        el('span', {}, 'attempts ' + l.attempts),
        el('span', {}, 'first dead ' + time(l.firstDeadAt))),
      el('p', { className: 'letter-error' }, error),
      el('p', { className: 'hint' }, 'sent to ' + (l.originalExchange || '(default exchange)') + ' with key ' + l.originalRoutingKey),
      el('details', {}, el('summary', {}, 'Headers and body'),
        el('pre', { className: 'payload letter-headers' }, JSON.stringify(l.headers, null, 2)),
        el('pre', { className: 'payload letter-body' }, body)),
      el('div', { className: 'row' }, replay, discard));
  }));
}

function hideConfirm() {
  $('confirm').hidden = true;
}

function confirmStep(title, lines, action, onYes) {
  $('confirm-title').textContent = title;
  $('confirm-plan').replaceChildren(...lines.map((line) => el('li', {}, line)));
  const yes = $('confirm-yes');
  const fresh = yes.cloneNode(false); // drops the previous click handler
  fresh.textContent = action;
  yes.replaceWith(fresh);
  fresh.addEventListener('click', async () => {
    fresh.disabled = true;
    try {
      await onYes();
    } finally {
      fresh.disabled = false;
    }
  });
  $('confirm').hidden = false;
  fresh.focus();
}

/** Asks for the dry-run plan first, shows it, and replays only on confirmation. */
async function planReplay(selection, what) {
  const path = '/api/v1/ops/dead-letters/' + encodeURIComponent(selectedQueue) + '/replay';
  showMessage($('dlq-message'), null);
  try {
    const dry = await api('POST', path + '?dryRun=true', selection);
    const lines = dry.plan.map((p) => p.id + ' → exchange ' + (p.exchange || '(default)') + ', key ' + p.routingKey);
    confirmStep('Replay ' + what + '? Each goes back to:', lines, 'Replay ' + dry.plan.length, async () => {
      try {
        const done = await api('POST', path, selection);
        hideConfirm();
        showMessage($('dlq-message'), 'Replayed ' + done.replayed + ' message(s).', 'ok');
      } catch (e) {
        showMessage($('dlq-message'), e.message, 'error');
      }
      await Promise.all([loadQueue(), poll()]);
    });
  } catch (e) {
    showMessage($('dlq-message'), e.message, 'error');
  }
}

function planDiscard(ids) {
  const path = '/api/v1/ops/dead-letters/' + encodeURIComponent(selectedQueue) + '/discard';
  showMessage($('dlq-message'), null);
  confirmStep('Discard for good? This cannot be undone.', ids, 'Discard ' + ids.length, async () => {
    try {
      const done = await api('POST', path, { ids });
      hideConfirm();
      showMessage($('dlq-message'), 'Discarded ' + done.discarded + ' message(s).', 'ok');
    } catch (e) {
      showMessage($('dlq-message'), e.message, 'error');
    }
    await Promise.all([loadQueue(), poll()]);
  });
}

// ---- polling ---------------------------------------------------------------------------

async function poll() {
  try {
    const [queues, graph, scaling, dlqs] = await Promise.all([
      api('GET', '/api/v1/ops/queues'),
      api('GET', '/api/v1/ops/graph'),
      api('GET', '/api/v1/ops/scaling'),
      api('GET', '/api/v1/ops/dead-letters'),
    ]);
    queueStats = queues;
    drawQueues();
    drawGraph(graph);
    drawScaling(scaling);
    drawDeadLetterQueues(dlqs);
    $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
    showMessage($('ops-error'), null);
  } catch (e) {
    showMessage($('ops-error'), e.message);
  }
}

async function main() {
  currentUser()
    .then(renderAccount)
    .catch(() => renderAccount(null));
  $('dlq-refresh').addEventListener('click', loadQueue);
  $('dlq-replay-all').addEventListener('click', () => planReplay({ all: true }, 'every message of ' + selectedQueue));
  $('confirm-no').addEventListener('click', hideConfirm);
  await poll();
  setInterval(poll, POLL_MS);
}

main();
