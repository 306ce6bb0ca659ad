/* global document, sessionStorage, fetch, location, history, window */
// The merchant console's script, inlined into the page as-is (plain JavaScript: it runs in the browser
// unbuilt). Every value from the API reaches the page through textContent or an input's value, never as
// HTML. The console token lives in this tab's sessionStorage; a #token= fragment is taken once and erased.
'use strict';
(function consoleMain() {
  const TOKEN_KEY = 'cutover.operatorToken';
  const store = document.body.dataset.store;
  const api = '/api/stores/' + encodeURIComponent(store);
  const byId = (id) => document.getElementById(id);
  const channels = ['push', 'sms', 'email'];
  let settings = null;

  class Unauthorized extends Error {}

  function takeTokenFromFragment() {
    const match = /^#token=(.+)$/.exec(location.hash);
    if (!match) return;
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    // Out of the address bar and the history: the fragment never reached the server, and now stays nowhere.
    history.replaceState(null, '', location.pathname + location.search);
  }

  async function call(method, path, body) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) throw new Unauthorized('no token');
    const headers = { authorization: 'Bearer ' + token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(api + path, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401 || res.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      throw new Unauthorized(res.status === 403 ? 'another store' : 'the token was refused');
    }
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      const problems = json && Array.isArray(json.problems) ? json.problems.join('; ') : json && json.error;
      throw new Error(problems || 'HTTP ' + res.status);
    }
    return json;
  }

  function say(id, text, tone) {
    const el = byId(id);
    el.textContent = text;
    el.className = 'status' + (tone ? ' ' + tone : '');
  }

  function showAuth(message) {
    byId('console').hidden = true;
    byId('sign-out').hidden = true;
    byId('auth').hidden = false;
    say('auth-status', message || '', message ? 'error' : '');
    byId('token').focus();
  }

  function failed(id, err) {
    if (err instanceof Unauthorized) {
      if (err.message === 'no token') return showAuth('');
      return showAuth(err.message === 'another store' ? 'The token was refused: it is a console token of another store.' : 'The token was refused. Paste the console token again.');
    }
    say(id, err.message, 'error');
  }

  // --- Alerts: the settings document, edited in place and saved whole. ---------------------------------

  function toggles() {
    return Array.from(document.querySelectorAll('#alerts input[data-kind]'));
  }

  function renderSettings() {
    for (const input of toggles()) {
      const m = settings.milestones[input.dataset.milestone];
      if (input.dataset.kind === 'enabled') input.checked = m.enabled;
      if (input.dataset.kind === 'channel') input.checked = m.channels.includes(input.dataset.channel);
      if (input.dataset.kind === 'native') input.checked = (settings.nativeAlerts[input.dataset.milestone] || []).includes(input.dataset.channel);
      input.disabled = false;
    }
    for (const name of Object.keys(settings.milestones)) byId('row-' + name).classList.toggle('off', !settings.milestones[name].enabled);
    const quiet = settings.quietHours;
    byId('quiet-enabled').checked = quiet !== null;
    byId('quiet-start').value = quiet ? quiet.start : '21:00';
    byId('quiet-end').value = quiet ? quiet.end : '08:00';
    byId('quiet-enabled').disabled = false;
    byId('quiet-start').disabled = quiet === null;
    byId('quiet-end').disabled = quiet === null;
    byId('time-zone').textContent = settings.timeZone;
  }

  function settingsFromForm() {
    const next = JSON.parse(JSON.stringify(settings));
    for (const name of Object.keys(next.milestones)) {
      const checked = (kind, channel) => byId(kind + '-' + name + '-' + channel).checked;
      next.milestones[name].enabled = byId('on-' + name).checked;
      next.milestones[name].channels = channels.filter((c) => checked('ch', c));
      const native = channels.filter((c) => checked('native', c));
      if (native.length > 0) next.nativeAlerts[name] = native;
      else delete next.nativeAlerts[name];
    }
    next.quietHours = byId('quiet-enabled').checked
      ? { start: byId('quiet-start').value || '21:00', end: byId('quiet-end').value || '08:00' }
      : null;
    return next;
  }

  // Saves run one after another, each with the form as it is then: the last change always wins.
  let saving = Promise.resolve();
  function save() {
    saving = saving.then(async () => {
      say('settings-status', 'Saving…');
      try {
        settings = await call('PUT', '/settings', settingsFromForm());
        say('settings-status', 'Saved at ' + new Date().toLocaleTimeString(), 'ok');
      } catch (err) {
        failed('settings-status', err);
      }
      if (settings) renderSettings();
    });
  }

  // --- SMS credits. ---------------------------------------------------------------------------------

  function renderCredits(balance) {
    byId('credits-allowance').textContent = String(balance.monthlyAllowance);
    byId('credits-used').textContent = String(Math.max(0, balance.monthlyAllowance - balance.allowanceLeft));
    byId('credits-allowance-left').textContent = String(balance.allowanceLeft);
    byId('credits-topup').textContent = String(balance.topupBalance);
    byId('credits-total').textContent = String(balance.total);
    byId('credits-exhausted').hidden = balance.exhaustedNoticePeriod !== balance.period;
  }

  async function topUp(event) {
    event.preventDefault();
    const amount = Number(byId('topup-amount').value);
    say('credits-status', 'Topping up…');
    try {
      renderCredits(await call('POST', '/credits/topup', { credits: amount }));
      byId('topup-amount').value = '';
      say('credits-status', 'Added ' + amount + ' credits', 'ok');
    } catch (err) {
      failed('credits-status', err);
    }
  }

  // --- The communication log. -----------------------------------------------------------------------

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined || text === '' ? '—' : String(text);
    if (className) td.className = className;
    return td;
  }

  function renderLog(entries) {
    const rows = byId('log-rows');
    rows.replaceChildren();
    if (entries.length === 0) {
      const td = cell('No communications in the last 5 days.', 'empty');
      td.colSpan = 8;
      rows.appendChild(document.createElement('tr')).appendChild(td);
      return;
    }
    for (const e of entries) {
      const tr = document.createElement('tr');
      const status = document.createElement('span');
      status.textContent = e.status;
      status.className = 'badge ' + String(e.status).replace(/[^a-z-]/g, '');
      const statusCell = cell('');
      statusCell.replaceChildren(status);
      // The provider's later word on delivery (Twilio's status callbacks), next to what Cutover did.
      if (e.deliveryStatus) {
        const delivery = document.createElement('span');
        delivery.textContent = e.deliveryStatus;
        delivery.className = 'badge delivery ' + String(e.deliveryStatus).replace(/[^a-z-]/g, '');
        statusCell.append(' ', delivery);
      }
      tr.append(
        cell(new Date(e.at).toLocaleString()), cell(e.orderId), cell(e.milestone), cell(e.channel), cell(e.recipientMasked),
        statusCell, cell(e.providerId, 'mono'), cell(e.error || e.deliveryError, e.error || e.deliveryError ? 'error-text' : ''),
      );
      rows.appendChild(tr);
    }
  }

  async function loadLog() {
    try {
      renderLog(await call('GET', '/log?days=5'));
      say('log-status', 'Updated at ' + new Date().toLocaleTimeString());
    } catch (err) {
      failed('log-status', err);
    }
  }

  // --- Alerts in doubt: sent to the provider, no answer; a person decides whether to send again. ---------

  function renderDoubts(entries) {
    const rows = byId('doubt-rows');
    rows.replaceChildren();
    if (entries.length === 0) {
      const td = cell('None: every alert was either sent or refused.', 'empty');
      td.colSpan = 7;
      rows.appendChild(document.createElement('tr')).appendChild(td);
      return;
    }
    for (const e of entries) {
      const tr = document.createElement('tr');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Send again';
      button.addEventListener('click', () => void replay(e.orderId, e.milestone, button));
      const action = cell('');
      action.replaceChildren(button);
      tr.append(cell(new Date(e.at).toLocaleString()), cell(e.orderId), cell(e.milestone), cell(e.channel), cell(e.recipientMasked), cell(e.error, 'error-text'), action);
      rows.appendChild(tr);
    }
  }

  async function loadDoubts() {
    try {
      renderDoubts(await call('GET', '/alerts/unknown'));
      say('doubt-status', '');
    } catch (err) {
      failed('doubt-status', err);
    }
  }

  async function replay(orderId, milestone, button) {
    if (!window.confirm('Send the ' + milestone + ' alert of order ' + orderId + ' again? Only if the provider shows it was not delivered.')) return;
    button.disabled = true;
    say('doubt-status', 'Sending…');
    try {
      const result = await call('POST', '/orders/' + encodeURIComponent(orderId) + '/replay', { milestone });
      say('doubt-status', 'Order ' + orderId + ', ' + milestone + ': ' + result.state, result.state === 'sent' ? 'ok' : 'error');
      await Promise.all([loadDoubts(), loadLog()]);
    } catch (err) {
      button.disabled = false;
      failed('doubt-status', err);
    }
  }

  // --- Start. ---------------------------------------------------------------------------------------

  async function load() {
    try {
      settings = await call('GET', '/settings');
      renderSettings();
      renderCredits(await call('GET', '/credits'));
    } catch (err) {
      if (err instanceof Unauthorized) return failed('auth-status', err);
      showAuth('');
      return say('auth-status', 'Could not load the console: ' + err.message, 'error');
    }
    byId('auth').hidden = true;
    byId('console').hidden = false;
    byId('sign-out').hidden = false;
    await Promise.all([loadDoubts(), loadLog()]);
  }

  for (const input of toggles()) input.addEventListener('change', save);
  byId('quiet-enabled').addEventListener('change', save);
  byId('quiet-start').addEventListener('change', save);
  byId('quiet-end').addEventListener('change', save);
  byId('topup-form').addEventListener('submit', topUp);
  byId('log-refresh').addEventListener('click', loadLog);
  byId('doubt-refresh').addEventListener('click', loadDoubts);
  byId('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showAuth('');
  });
  byId('auth-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, byId('token').value.trim());
    byId('token').value = '';
    void load();
  });

  takeTokenFromFragment();
  if (sessionStorage.getItem(TOKEN_KEY)) void load();
  else showAuth('');
})();
