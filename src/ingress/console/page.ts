import { type Channel, channelSchema, type Milestone, milestones } from '../../domain/purchase/events';
import { consoleScript, consoleStyle } from './assets';
import { escapeHtml } from './html';

const milestoneLabels: Record<Milestone, string> = {
  payment: 'Payment approved',
  processing: 'Being prepared',
  dispatch: 'Dispatched',
};
const channelLabels: Record<Channel, string> = { push: 'Push', sms: 'SMS', email: 'Email' };
const channels = channelSchema.options;

function checkbox(id: string, kind: 'enabled' | 'channel' | 'native', milestone: Milestone, label: string, channel?: Channel): string {
  const data = `data-kind="${kind}" data-milestone="${milestone}"${channel ? ` data-channel="${channel}"` : ''}`;
  return `<label class="toggle"><input type="checkbox" id="${id}" ${data} disabled><span>${escapeHtml(label)}</span></label>`;
}

function milestoneRow(m: Milestone): string {
  const sends = channels.map((c) => `<td>${checkbox(`ch-${m}-${c}`, 'channel', m, channelLabels[c], c)}</td>`).join('');
  const native = channels.map((c) => checkbox(`native-${m}-${c}`, 'native', m, channelLabels[c], c)).join(' ');
  return `<tr id="row-${m}"><th scope="row">${escapeHtml(milestoneLabels[m])}</th><td>${checkbox(`on-${m}`, 'enabled', m, 'On')}</td>${sends}<td class="native">${native}</td></tr>`;
}

/**
 * The merchant console for one store: the page is the same for everyone (no data in it but the store's name);
 * its script asks for the store's console token (or the operator's) and reads and writes through the operator
 * JSON API, so the token is never in a URL the server sees.
 */
export function renderConsolePage(store: string): string {
  const name = escapeHtml(store);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Cutover console · ${name}</title>
<style>${consoleStyle.text}</style>
</head>
<body data-store="${name}">
<header>
  <h1>Purchase Experience <span class="store" id="store-name">${name}</span></h1>
  <button type="button" id="sign-out" class="link" hidden>Sign out</button>
</header>
<main>
<section id="auth" class="card" hidden>
  <h2>Console token</h2>
  <p>Paste this store's console token (<code>cutover console token create &lt;store&gt;</code>). It is kept in this tab only.</p>
  <form id="auth-form" autocomplete="off">
    <input type="password" id="token" aria-label="Console token" required>
    <button type="submit">Open console</button>
  </form>
  <p id="auth-status" class="status" role="status"></p>
</section>
<div id="console" hidden>
<section class="card" id="alerts">
  <h2>Alerts</h2>
  <p class="hint">Which milestones reach the shopper, and by which channels. “Platform sends” skips a channel the platform already covers with its own alert.</p>
  <table class="toggles">
    <thead><tr><th scope="col">Milestone</th><th scope="col">Alert</th>${channels.map((c) => `<th scope="col">${channelLabels[c]}</th>`).join('')}<th scope="col">Platform sends</th></tr></thead>
    <tbody>${milestones.map(milestoneRow).join('')}</tbody>
  </table>
  <fieldset class="quiet">
    <legend>Quiet hours for SMS and push</legend>
    <label class="toggle"><input type="checkbox" id="quiet-enabled" disabled><span>Hold until morning</span></label>
    <label>from <input type="time" id="quiet-start" disabled></label>
    <label>to <input type="time" id="quiet-end" disabled></label>
    <span class="hint">in the shopper's time zone (default <span id="time-zone"></span>)</span>
  </fieldset>
  <p id="settings-status" class="status" role="status"></p>
</section>
<section class="card" id="credits">
  <h2>SMS credits</h2>
  <dl class="figures">
    <div><dt>Monthly allowance</dt><dd id="credits-allowance">–</dd></div>
    <div><dt>Used this month</dt><dd id="credits-used">–</dd></div>
    <div><dt>Allowance left</dt><dd id="credits-allowance-left">–</dd></div>
    <div><dt>Top-up balance</dt><dd id="credits-topup">–</dd></div>
    <div class="total"><dt>Available</dt><dd id="credits-total">–</dd></div>
  </dl>
  <p id="credits-exhausted" class="warning" hidden>Credits ran out this month: SMS alerts fell back to push or email.</p>
  <form id="topup-form">
    <label>Top up <input type="number" id="topup-amount" min="1" max="1000000" step="1" required> credits</label>
    <button type="submit">Top up</button>
  </form>
  <p id="credits-status" class="status" role="status"></p>
</section>
<section class="card wide" id="doubt">
  <h2>Alerts in doubt <button type="button" id="doubt-refresh" class="link">Refresh</button></h2>
  <p class="hint">The provider had these alerts and never answered: they may have reached the shopper. Nothing sends them again by itself. Check the provider's log; only if it was not delivered, send it again (channels already sent are skipped).</p>
  <table class="log">
    <thead><tr><th scope="col">When</th><th scope="col">Order</th><th scope="col">Milestone</th><th scope="col">Channel</th><th scope="col">Recipient</th><th scope="col">What happened</th><th scope="col"></th></tr></thead>
    <tbody id="doubt-rows"><tr><td colspan="7" class="empty">Loading…</td></tr></tbody>
  </table>
  <p id="doubt-status" class="status" role="status"></p>
</section>
<section class="card wide" id="log">
  <h2>Communication log <span class="hint">last 5 days, newest first</span> <button type="button" id="log-refresh" class="link">Refresh</button></h2>
  <table class="log">
    <thead><tr><th scope="col">When</th><th scope="col">Order</th><th scope="col">Milestone</th><th scope="col">Channel</th><th scope="col">Recipient</th><th scope="col">Status</th><th scope="col">Provider id</th><th scope="col">Error</th></tr></thead>
    <tbody id="log-rows"><tr><td colspan="8" class="empty">Loading…</td></tr></tbody>
  </table>
  <p id="log-status" class="status" role="status"></p>
</section>
</div>
</main>
<script>${consoleScript.text}</script>
</body>
</html>
`;
}
