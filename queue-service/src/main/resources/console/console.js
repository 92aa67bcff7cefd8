// The operator console: asks for the admin key once (kept in sessionStorage, gone with the tab), polls the overview
// every 1.5 s and sends the controls as POSTs. Plain JS, no library, nothing from the internet.
'use strict';

const KEY = 'console.adminKey';
const NAME = 'console.operator';
const POLL_MS = 1500;
let timer = null;

const $ = (id) => document.getElementById(id);

function headers(json) {
  // header values must be Latin-1: the name (perhaps Korean) goes percent-encoded, Operator.of decodes it
  const h = { 'X-Admin-Key': sessionStorage.getItem(KEY) || '', 'X-Operator': encodeURIComponent(sessionStorage.getItem(NAME) || '') };
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

function showSignIn(error) {
  clearTimeout(timer);
  $('console').hidden = true;
  $('sign-in').hidden = false;
  $('sign-out').hidden = true;
  $('status').textContent = 'not signed in';
  $('sign-in-error').textContent = error || '';
}

function showConsole() {
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('sign-out').hidden = false;
}

async function poll() {
  clearTimeout(timer);
  try {
    const response = await fetch('/console/api/overview', { headers: headers(false), cache: 'no-store' });
    if (response.status === 401 || response.status === 403) {
      const problem = await response.json().catch(() => ({}));
      sessionStorage.removeItem(KEY);
      showSignIn(problem.detail || 'the admin key was refused');
      return;
    }
    if (!response.ok) {
      $('status').textContent = 'overview answered ' + response.status;
    } else {
      render(await response.json());
      $('status').textContent = 'live · every ' + (POLL_MS / 1000) + ' s';
    }
  } catch (e) {
    $('status').textContent = 'queue-service unreachable: ' + e.message;
  }
  timer = setTimeout(poll, POLL_MS);
}

function text(el, value) {
  const s = value === null || value === undefined ? '–' : String(value);
  if (el.textContent !== s) el.textContent = s;
}

function cell(row, field, cls) {
  let td = row.querySelector('[data-field="' + field + '"]');
  if (!td) {
    td = document.createElement('td');
    td.dataset.field = field;
    if (cls) td.className = cls;
    row.appendChild(td);
  }
  return td;
}

function seconds(s) {
  if (s === null || s === undefined) return null;
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

function render(o) {
  $('read-at').textContent = new Date(o.readAt).toLocaleTimeString();
  $('rooms-trouble').textContent = o.roomsTrouble || '';
  renderRooms(o.rooms);
  renderFlow(o.flow);
  renderParked(o.parked);
  renderLag(o.lag);
}

function renderRooms(rooms) {
  const body = document.querySelector('#rooms tbody');
  const seen = new Set();
  rooms.forEach((r, position) => {
    seen.add(r.roomId);
    let row = body.querySelector('tr[data-room="' + r.roomId + '"]');
    if (!row) {
      row = document.createElement('tr');
      row.dataset.room = r.roomId;
      body.appendChild(row);
      const id = cell(row, 'roomId', 'id');
      id.textContent = r.roomId;
      ['state', 'preQueue', 'waiting', 'active', 'admittedRecently', 'admittedPerMinute', 'admissionsPerSecond',
        'eta'].forEach((f) => cell(row, f, f === 'state' ? '' : 'n'));
      row.appendChild(controls(r));
    }
    const state = cell(row, 'state');
    // a sale the organiser closed or cancelled stays paused: no resume from here
    const label = r.closed ? (r.closed === 'CANCELLED' ? 'sale cancelled' : 'sale closed')
      : r.paused ? 'paused' : (r.opened ? 'admitting' : 'pre-queue until ' + new Date(r.opensAt).toLocaleTimeString());
    if (state.dataset.state !== label) {
      state.dataset.state = label;
      state.innerHTML = '';
      const badge = document.createElement('span');
      badge.className = 'badge ' + (r.paused ? 'paused' : (r.opened ? 'open' : 'pre'));
      badge.textContent = label;
      state.appendChild(badge);
    }
    row.dataset.paused = String(r.paused);
    text(cell(row, 'preQueue'), r.preQueue);
    text(cell(row, 'waiting'), r.waiting);
    text(cell(row, 'active'), r.active + ' / ' + r.capacity);
    text(cell(row, 'admittedRecently'), r.admittedRecently);
    text(cell(row, 'admittedPerMinute'), r.admittedPerMinute);
    text(cell(row, 'admissionsPerSecond'), r.admissionsPerSecond);
    text(cell(row, 'eta'), r.paused && r.waiting > 0 ? 'paused' : seconds(r.etaLastInLineSeconds));
    row.querySelector('[data-action="pause"]').hidden = r.paused;
    row.querySelector('[data-action="resume"]').hidden = !r.paused || Boolean(r.closed);
    // the server's order (rooms with fans first); a row moves only when its place changed, so typing is not lost
    if (body.children[position] !== row) body.insertBefore(row, body.children[position] || null);
  });
  body.querySelectorAll('tr[data-room]').forEach((row) => { if (!seen.has(row.dataset.room)) row.remove(); });
}

function button(label, action, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.dataset.action = action;
  b.addEventListener('click', onClick);
  return b;
}

function controls(r) {
  const td = document.createElement('td');
  td.dataset.field = 'controls';
  const box = document.createElement('div');
  box.className = 'controls';
  const capacity = document.createElement('input');
  capacity.type = 'number';
  capacity.min = '1';
  capacity.placeholder = 'capacity';
  capacity.dataset.input = 'capacity';
  const rate = document.createElement('input');
  rate.type = 'number';
  rate.min = '0.01';
  rate.step = 'any';
  rate.placeholder = 'rate /s';
  rate.dataset.input = 'rate';
  const base = '/console/api/rooms/' + r.roomId;
  box.append(
    button('Pause', 'pause', () => act(base + '/pause', null, 'paused room ' + r.roomId)),
    button('Resume', 'resume', () => act(base + '/resume', null, 'resumed room ' + r.roomId)),
    capacity, rate,
    button('Apply', 'settings', () => {
      const change = {};
      if (capacity.value !== '') change.capacity = Number(capacity.value);
      if (rate.value !== '') change.admissionsPerSecond = Number(rate.value);
      act(base + '/settings', change, 'changed room ' + r.roomId);
    }),
    button('Close sale', 'close-sale', () => {
      if (confirm('Close the sale of schedule ' + r.roomId + '?')) {
        act('/console/api/schedules/' + r.roomId + '/close', null, 'sale closed: ' + r.roomId);
      }
    }),
    button('Reopen sale', 'reopen-sale',
      () => act('/console/api/schedules/' + r.roomId + '/reopen', null, 'sale reopened: ' + r.roomId)));
  td.appendChild(box);
  return td;
}

async function act(path, body, done) {
  const message = $('message');
  try {
    const response = await fetch(path, {
      method: 'POST', headers: headers(body !== null), body: body === null ? undefined : JSON.stringify(body),
    });
    const raw = await response.text();
    if (response.ok) {
      message.className = 'message';
      message.textContent = done;
    } else {
      let shown = raw;
      try {
        const problem = JSON.parse(raw);
        shown = response.status + ' ' + (problem.code || problem.title || '') + ': ' + (problem.detail || raw);
      } catch (e) { shown = response.status + ' ' + raw; }
      message.className = 'message refused';
      message.textContent = shown;
    }
  } catch (e) {
    message.className = 'message refused';
    message.textContent = 'queue-service unreachable: ' + e.message;
  }
  poll();
}

// Small tables are rebuilt on every poll: they hold no input. A row made by sub() is a detail of the row above it.
function rows(table, head, entries) {
  const t = document.querySelector(table);
  t.querySelector('thead')?.remove();
  if (head) {
    const thead = t.createTHead();
    const tr = thead.insertRow();
    head.forEach((h, i) => {
      const th = document.createElement('th');
      th.textContent = h;
      if (i > 0) th.className = 'n';
      tr.appendChild(th);
    });
  }
  const body = t.querySelector('tbody');
  body.innerHTML = '';
  for (const cells of entries) {
    const tr = document.createElement('tr');
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '–' : c;
      if (i > 0 && !(c instanceof Node)) td.className = 'n';
      tr.appendChild(td);
    });
    if (cells.key) tr.dataset.key = cells.key;
    if (cells.sub) tr.className = 'sub';
    body.appendChild(tr);
  }
}

function keyed(key, cells) {
  cells.key = key;
  return cells;
}

function sub(key, cells) {
  cells.sub = true;
  return keyed(key, cells);
}

function renderFlow(flow) {
  rows('#flow', ['', 'per min', 'total'], flow.reservations.map((c) => keyed(c.name, [c.name, c.perMinute, c.total])));
  rows('#payments', flow.payments.length === 0 ? null : ['outcome', 'per min', 'total'],
    flow.payments.length === 0 ? [['no payment settled yet']]
      : flow.payments.map((c) => keyed(c.name, [c.name, c.perMinute, c.total])));
  const down = flow.instances.filter((i) => !i.reachable).map((i) => i.service + ' ' + i.instance + ' ' + i.trouble);
  $('instances-trouble').textContent = down.length ? 'unreachable: ' + down.join('; ') : '';
}

function renderParked(parked) {
  const entries = [];
  for (const s of parked) {
    const replay = button('Replay', 'replay', () => {
      if (confirm('Replay every record ' + s.service + ' parked?')) {
        act('/console/api/parked/' + encodeURIComponent(s.service) + '/replay', null, 'replayed ' + s.service);
      }
    });
    if (!s.reachable) {
      const down = document.createElement('span');
      down.className = 'unreachable';
      down.textContent = 'unreachable';
      down.title = s.trouble || '';
      entries.push(keyed(s.service, [s.service, down]));
      continue;
    }
    entries.push(keyed(s.service, [s.service, String(s.count), s.count > 0 ? replay : '']));
    for (const t of s.topics) entries.push(sub(t.parkingTopic, [t.parkingTopic, String(t.count)]));
  }
  rows('#parked', ['service · parking topic', 'parked', ''], entries);
}

function renderLag(lag) {
  $('lag-trouble').textContent = lag.reachable ? '' : 'broker: ' + lag.trouble;
  const entries = [];
  for (const g of lag.groups) {
    entries.push(keyed(g.group, [g.group, String(g.lag)]));
    for (const t of g.topics) entries.push(sub(g.group + '/' + t.topic, [t.topic, String(t.lag)]));
  }
  rows('#lag', ['consumer group · topic', 'lag'], entries);
}

document.addEventListener('DOMContentLoaded', () => {
  $('where').textContent = location.host;
  $('sign-in-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY, $('admin-key').value);
    sessionStorage.setItem(NAME, $('operator-name').value);
    $('admin-key').value = '';
    showConsole();
    poll();
  });
  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    showSignIn();
  });
  if (sessionStorage.getItem(KEY)) {
    showConsole();
    poll();
  } else {
    showSignIn();
  }
});
