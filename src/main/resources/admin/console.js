// Everything shown comes from the admin API; values are set as text, never as HTML.
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('routerAdminToken') || '';
tokenInput.addEventListener('change', () => { sessionStorage.setItem('routerAdminToken', tokenInput.value); refresh(); });
document.getElementById('refresh').addEventListener('click', refresh);
const sourceSelect = document.getElementById('source');
sourceSelect.addEventListener('change', refresh);

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { 'Authorization': 'Bearer ' + tokenInput.value, 'Content-Type': 'application/json' } });
  if (response.status === 401) { throw new Error('The admin token is missing or wrong.'); }
  if (response.status === 429) { throw new Error('The admin token is missing or wrong, and too many wrong ones came this minute: retry in ' + response.headers.get('Retry-After') + ' s.'); }
  if (!response.ok) { throw new Error(path + ' answered ' + response.status); }
  return response.json();
}

function text(parent, tag, value, className) {
  const element = document.createElement(tag);
  element.textContent = value === null || value === undefined ? '' : String(value);
  if (className) { element.className = className; }
  parent.appendChild(element);
  return element;
}

function cell(row, value, className) {
  const td = row.insertCell();
  text(td, 'span', value, className ? 'state ' + className : null);
  return td;
}

// Fills a list from the admin API with the chosen source, if any; an answer that arrives after
// another source was chosen is dropped, so an older refresh cannot overwrite a newer one.
async function fillListed(id, path, key, render) {
  const source = sourceSelect.value;
  const answer = await api(path + (source ? '&source=' + encodeURIComponent(source) : ''));
  if (source === sourceSelect.value) {
    fill(id, answer[key], render);
  }
}

// Offers each source of the router once, however many refreshes overlap; the choice survives a refresh.
async function loadSources() {
  const sources = (await api('admin/sources')).sources;
  const known = new Set(Array.from(sourceSelect.options, option => option.value));
  sources.forEach(source => {
    if (!known.has(source.name)) {
      const option = document.createElement('option');
      option.value = source.name;
      option.textContent = source.name + ' (' + source.profile + ')';
      sourceSelect.appendChild(option);
    }
  });
}

function fill(id, rows, render) {
  const body = document.querySelector('#' + id + ' tbody');
  body.replaceChildren();
  rows.forEach(item => render(body.insertRow(), item));
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, String(value)));
  parent.appendChild(element);
  return element;
}

// Calls a minute as bars, oldest on the left, the last one the minute of `at`; the dashed line is
// the limit, when there is one. Bars are scaled to the limit (or the busiest minute, if higher).
function callsChart(parent, calls, limit, at) {
  const width = 300, height = 84, top = 12, bottom = 14, plot = height - top - bottom;
  const chart = svg('svg', { class: 'chart', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img' }, parent);
  svg('title', {}, chart).textContent = 'API calls a minute, last ' + calls.length + ' minutes' + (limit > 0 ? ', limit ' + limit : '');
  const scale = Math.max(1, limit, ...calls);
  const slot = width / calls.length;
  const end = new Date(at).getTime();
  const minute = i => new Date(end - (calls.length - 1 - i) * 60000).toISOString().substring(11, 16);
  calls.forEach((count, i) => {
    const barHeight = count / scale * plot;
    const bar = svg('rect', { class: limit > 0 && count > limit ? 'bar over' : 'bar', x: i * slot + 1, y: top + plot - barHeight,
      width: slot - 2, height: barHeight, 'data-calls': count }, chart);
    svg('title', {}, bar).textContent = minute(i) + ' UTC: ' + count + (count === 1 ? ' call' : ' calls');
  });
  if (limit > 0) {
    const y = top + plot - limit / scale * plot;
    svg('line', { class: 'limit', x1: 0, x2: width, y1: y, y2: y }, chart);
    svg('text', { x: width - 2, y: y - 3, 'text-anchor': 'end' }, chart).textContent = 'limit ' + limit + '/min';
  } else {
    svg('text', { x: width - 2, y: 9, 'text-anchor': 'end' }, chart).textContent = 'no limit set';
  }
  svg('text', { x: 0, y: height - 2 }, chart).textContent = minute(0) + ' UTC';
  svg('text', { x: width, y: height - 2, 'text-anchor': 'end' }, chart).textContent = minute(calls.length - 1) + ' so far: '
      + calls[calls.length - 1];
}

// One card per sink: its state, why, what waits for it and, for the API-limited ones, its calls a minute.
function fillSinks(limited, health) {
  const panel = document.getElementById('sinks');
  panel.replaceChildren();
  const names = new Set(limited.sinks.map(sink => sink.name));
  const others = Object.entries(health).filter(([name]) => !names.has(name)).map(([name, sink]) => ({ name, ...sink }));
  limited.sinks.concat(others).forEach(sink => {
    const card = text(panel, 'div', null, 'sink');
    card.dataset.sink = sink.name;
    const title = text(card, 'div', null, 'sink-title');
    text(title, 'strong', sink.name);
    text(title, 'span', sink.state, 'state ' + sink.state);
    if (sink.backlog !== undefined) { text(title, 'span', 'waiting: ' + sink.backlog, 'backlog'); }
    text(card, 'div', sink.paused_until ? 'paused until ' + sink.paused_until + ': ' + sink.pause_reason : sink.detail, 'sink-detail');
    if (sink.calls_per_minute) { callsChart(card, sink.calls_per_minute, sink.limit_per_minute, limited.at); }
  });
  document.getElementById('pending').textContent = limited.pending;
}

async function refresh() {
  const message = document.getElementById('message');
  message.textContent = '';
  try {
    const health = await (await fetch('actuator/health/readiness')).json();
    const inbox = (health.components || {}).inbox || {};
    const readiness = document.getElementById('readiness');
    readiness.replaceChildren();
    const status = document.createElement('span');
    status.className = 'state ' + health.status;
    status.textContent = health.status;
    readiness.appendChild(status);
    readiness.appendChild(document.createTextNode(' · waiting in inbox: ' + ((inbox.details || {}).waiting ?? '?')
        + ' · oldest: ' + ((inbox.details || {}).oldestAgeSeconds ?? '?') + ' s'));
    const sinks = ((health.components || {}).sinks || {}).details || {};

    await loadSources();
    fillSinks(await api('admin/sinks'), sinks);
    await fillListed('events', 'admin/events?limit=25', 'events', (row, e) => {
      cell(row, e.received_at); cell(row, e.source); cell(row, e.event_id); cell(row, e.event_type); cell(row, e.status, e.status);
      cell(row, e.attempts); cell(row, e.last_error);
    });
    await fillListed('dead', 'admin/dead-letters?limit=25', 'dead_letters', (row, d) => {
      cell(row, d.created_at); cell(row, d.source); cell(row, d.event_id); cell(row, d.sink); cell(row, d.reason); cell(row, d.attempts);
      const action = row.insertCell();
      if (d.replayed_at) {
        action.textContent = 'replayed';
      } else {
        const button = document.createElement('button');
        button.textContent = 'Replay';
        button.dataset.deadLetter = d.id;
        button.addEventListener('click', async () => {
          button.disabled = true;
          await api('admin/dead-letters/' + d.id + '/replay', { method: 'POST' });
          refresh();
        });
        action.appendChild(button);
      }
    });
    const demoResponse = await fetch('admin/demo', { headers: { 'Authorization': 'Bearer ' + tokenInput.value } });
    document.getElementById('demo').hidden = demoResponse.status !== 200;
    if (demoResponse.status === 200) {
      const demo = await demoResponse.json();
      fill('demo-contacts', demo.salesforceContacts, (row, c) => {
        cell(row, c.Vobiz_Contact_Id__c); cell(row, c.FirstName); cell(row, c.LastName); cell(row, c.Phone); cell(row, c.Email);
      });
      fill('demo-tickets', demo.zendeskTickets, (row, t) => {
        cell(row, t.id); cell(row, t.status); cell(row, t.subject); cell(row, (t.comments || []).join(' | '));
      });
      fill('demo-status', demo.messageStatus, (row, m) => {
        cell(row, m.message_id); cell(row, m.status); cell(row, m.sent_at); cell(row, m.delivered_at); cell(row, m.read_at); cell(row, m.failed_at);
      });
      fill('demo-campaigns', demo.campaignResults, (row, c) => {
        cell(row, c.campaign_id); cell(row, c.name); cell(row, c.total_count); cell(row, c.sent_count); cell(row, c.delivered_count);
        cell(row, c.read_count); cell(row, c.failed_count);
      });
    }
    await fillListed('rejections', 'admin/rejections?limit=25', 'rejections', (row, r) => {
      cell(row, r.received_at); cell(row, r.source); cell(row, r.source_ip); cell(row, r.status); cell(row, r.reason); cell(row, r.body_start);
    });
  } catch (error) {
    message.textContent = error.message;
  }
}
// The dry run: a filter of this router's events, or exported events pasted in; one row per
// destination of each event, what it would receive shown as JSON text.
document.getElementById('dry-run').addEventListener('submit', async event => {
  event.preventDefault();
  const message = document.getElementById('message');
  message.textContent = '';
  const pasted = document.getElementById('dry-run-events').value.trim();
  const filter = { limit: Number(document.getElementById('dry-run-limit').value) || 20 };
  const type = document.getElementById('dry-run-type').value.trim();
  if (type) { filter.type = type; }
  if (sourceSelect.value) { filter.source = sourceSelect.value; }
  try {
    const response = await fetch('admin/dry-run', { method: 'POST', body: pasted ? pasted + '\n' : JSON.stringify(filter),
      headers: { 'Authorization': 'Bearer ' + tokenInput.value, 'Content-Type': pasted ? 'application/x-ndjson' : 'application/json' } });
    if (!response.ok) { throw new Error('admin/dry-run answered ' + response.status + ': ' + (await response.text())); }
    const rows = [];
    (await response.json()).events.forEach(e => {
      (e.destinations || []).forEach(d => rows.push({ e, d, what: d in e.received ? e.received[d] : 'fails: ' + e.failures[d] }));
      Object.keys(e.failures || {}).filter(d => !(e.destinations || []).includes(d)).forEach(d => rows.push({ e, d, what: 'fails: ' + e.failures[d] }));
    });
    fill('dry-run-results', rows, (row, r) => {
      cell(row, r.e.event_id); cell(row, r.e.type); cell(row, r.d);
      text(row.insertCell(), 'pre', typeof r.what === 'string' ? r.what : JSON.stringify(r.what, null, 1));
    });
  } catch (error) {
    message.textContent = error.message;
  }
});

refresh();
setInterval(refresh, 5000);
