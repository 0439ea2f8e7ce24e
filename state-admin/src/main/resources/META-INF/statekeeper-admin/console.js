// Statekeeper operator console. Every key, value, name and message from the server is put on the
// page with textContent (never as HTML); every change carries the session's token and the version shown.
import { StatePush } from '../push.js';

const $ = (id) => document.getElementById(id);
let token = null;
let shown = null; // { key, version }
let lastKey = null;
const PAGE = 50;

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-Statekeeper-Token'] = token;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch('api/' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
  });
  const data = await response.json();
  if (!response.ok) {
    const error = new Error(data.error || response.statusText);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) {
    td.className = className;
  }
  row.append(td);
  return td;
}

function button(text, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', action);
  return b;
}

async function list(more) {
  const prefix = $('prefix').value;
  if (!more) {
    $('rows').replaceChildren();
    lastKey = null;
  }
  const query = 'keys?prefix=' + encodeURIComponent(prefix) + '&limit=' + PAGE
    + (lastKey === null ? '' : '&after=' + encodeURIComponent(lastKey));
  const keys = await api('GET', query);
  for (const k of keys) {
    const tr = document.createElement('tr');
    tr.dataset.key = k.key;
    cell(tr, k.key, 'key');
    cell(tr, k.version, 'version');
    cell(tr, k.valueBytes);
    cell(tr, k.expiresAt || 'never');
    cell(tr, k.changedAt);
    cell(tr, '').append(button(k.principal, () => byPrincipal(k.principal)));
    cell(tr, k.nodeId);
    cell(tr, '').append(button('Open', () => open(k.key, k.version)));
    $('rows').append(tr);
    lastKey = k.key;
  }
  $('more').hidden = keys.length < PAGE;
  follow(prefix);
}

function open(key, version) {
  shown = { key, version };
  $('detail').hidden = false;
  $('detail-key').textContent = key;
  $('detail-version').textContent = String(version);
  $('editor').hidden = true;
  $('events').hidden = true;
  $('outcome').textContent = '';
}

async function byPrincipal(name) {
  const events = await api('GET', 'by-principal?principal=' + encodeURIComponent(name) + '&page=0&size=50');
  $('principal-name').textContent = name;
  $('principal-rows').replaceChildren(...events.map((e) => {
    const tr = document.createElement('tr');
    [e.sequence, e.key, e.version, e.type, e.time, e.nodeId].forEach((t) => cell(tr, t));
    return tr;
  }));
  $('principal').hidden = false;
}

async function status() {
  const s = await api('GET', 'status');
  const store = s.store;
  $('store-state').textContent = store.serving ? 'in sync'
    : (store.failingSince ? 'failing since ' + store.failingSince : 'healing') + ', ' + store.pendingKeys
      + ' keys pending' + (store.complete ? '' : ', incomplete (reads from the log)');
  $('store-name').textContent = store.store;
  const rebuild = store.lastRebuild;
  $('healing').textContent = 'last heal ' + (store.lastHeal || 'not yet') + '; last rebuild on this node '
    + (rebuild ? rebuild.finishedAt + ' (' + rebuild.keys + ' keys, ' + rebuild.corrupt + ' corrupt skipped, '
      + rebuild.elapsed + ')' : 'none') + (store.complete ? '; complete' : '; incomplete');
  $('node-rows').replaceChildren(...store.nodes.map((n) => {
    const tr = document.createElement('tr');
    [n.node, n.beat, n.applied, n.unapplied].forEach((t) => cell(tr, t));
    return tr;
  }));
  $('nodes').hidden = store.nodes.length === 0;
  $('near').textContent = s.nearCache === null ? 'off' : JSON.stringify(s.nearCache);
}

async function showValue() {
  const v = await api('GET', 'value?key=' + encodeURIComponent(shown.key));
  shown.version = v.version;
  $('detail-version').textContent = String(v.version);
  $('value').value = JSON.stringify(v.value, null, 2);
  $('editor').hidden = false;
}

async function history() {
  const events = await api('GET', 'history?key=' + encodeURIComponent(shown.key) + '&page=0&size=50');
  const rows = events.map((e) => {
    const tr = document.createElement('tr');
    [e.sequence, e.version, e.type, e.time, e.principal, e.nodeId, e.json].forEach((t) => cell(tr, t));
    return tr;
  });
  $('event-rows').replaceChildren(...rows);
  $('events').hidden = false;
}

async function outcome(action) {
  $('outcome').className = '';
  try {
    $('outcome').textContent = await action();
  } catch (e) {
    $('outcome').className = 'problem';
    $('outcome').textContent = e.status === 409
      ? 'Conflict: the key is at version ' + e.data.actual + ' now, not ' + e.data.expected + '. Nothing was changed.'
      : 'Refused: ' + e.message;
  }
}

async function save() {
  await outcome(async () => {
    const value = JSON.parse($('value').value);
    const r = await api('PUT', 'value?key=' + encodeURIComponent(shown.key), { version: shown.version, value });
    shown.version = r.version;
    $('detail-version').textContent = String(r.version);
    return 'Saved as version ' + r.version + '.';
  });
}

async function remove() {
  await outcome(async () => {
    await api('DELETE', 'value?key=' + encodeURIComponent(shown.key) + '&version=' + shown.version);
    $('editor').hidden = true;
    return 'Deleted.';
  });
}

// verify, rebuild and recover run on the server as jobs; the page polls the job until it ends.
const POLL_MILLIS = 300;
const OPERATIONS = ['verify', 'rebuild', 'recover'];

function summary(job) {
  const r = job.result;
  if (job.operation === 'verify') {
    const differences = r.missing + r.stale + r.extra + r.behind;
    return 'verify done: ' + differences + ' differences in ' + r.checked + ' keys (' + r.missing + ' missing, '
      + r.stale + ' stale, ' + r.extra + ' extra, ' + r.behind + ' head rows behind)';
  }
  return job.operation + ' done: ' + r.applied + ' keys applied, ' + r.corrupt + ' corrupt skipped';
}

function showJob(job) {
  $('job').hidden = false;
  const bar = $('job-progress');
  if (job.state !== 'running') {
    bar.max = 1;
    bar.value = 1;
  } else if (job.total > 0) {
    bar.max = job.total;
    bar.value = Math.min(job.done, job.total);
  } else {
    bar.removeAttribute('value'); // unknown total: an indeterminate bar
  }
  $('job-state').className = job.state === 'failed' ? 'problem' : '';
  $('job-state').textContent = job.state === 'running'
    ? job.operation + ': ' + job.phase + ' ' + job.done + (job.total >= 0 ? ' of ' + job.total : '')
    : job.state === 'done' ? summary(job) : job.operation + ' failed: ' + job.error;
}

async function track(job) {
  OPERATIONS.forEach((id) => { $(id).disabled = true; });
  try {
    while (job.state === 'running') {
      showJob(job);
      await new Promise((resolve) => { setTimeout(resolve, POLL_MILLIS); });
      job = await api('GET', 'job?id=' + encodeURIComponent(job.id));
    }
    showJob(job);
    $('report').textContent = job.result === null ? '' : JSON.stringify(job.result, null, 2);
    await status();
  } finally {
    OPERATIONS.forEach((id) => { $(id).disabled = false; });
  }
}

async function operation(name, query) {
  $('operation').textContent = '';
  let job;
  try {
    job = await api('POST', name + (query || ''));
  } catch (e) {
    if (e.status === 409 && e.data.job) {
      $('operation').textContent = 'Another operation runs on this node: showing it.';
      job = e.data.job;
    } else {
      $('operation').textContent = name + ' refused: ' + e.message;
      return;
    }
  }
  await track(job);
}

let push = null;
function follow(prefix) {
  if (push) {
    push.close();
  }
  push = new StatePush({ prefixes: [prefix] });
  push.onStatus((s) => { $('live').textContent = s; });
  push.onChange((key, value, version) => {
    for (const tr of $('rows').children) {
      if (tr.dataset.key === key) {
        tr.querySelector('.version').textContent = value === undefined ? 'deleted' : String(version);
        tr.classList.add('changed');
      }
    }
  });
  push.connect();
}

async function start() {
  const t = await api('GET', 'token');
  token = t.token;
  $('user').textContent = t.user;
  await status();
  setInterval(status, 5000);
  $('list').addEventListener('click', () => list(false));
  $('more').addEventListener('click', () => list(true));
  $('show').addEventListener('click', showValue);
  $('history').addEventListener('click', history);
  $('save').addEventListener('click', save);
  $('delete').addEventListener('click', remove);
  $('verify').addEventListener('click', () => operation('verify'));
  $('rebuild').addEventListener('click', () => operation('rebuild'));
  $('recover').addEventListener('click', () => operation('recover', '?since=' + encodeURIComponent($('since').value)));
  document.body.dataset.ready = 'true';
  const running = (await api('GET', 'jobs')).find((j) => j.state === 'running');
  if (running) {
    await track(running); // started before this page was loaded
  }
}

start();
