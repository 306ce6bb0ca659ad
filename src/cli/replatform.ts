import { readFileSync } from 'node:fs';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { entityTypes } from '../domain/catalog/entities';
import type { ChecklistEntry } from '../domain/replatform/checklist';
import { dateProblems, type ReplatformDates } from '../domain/replatform/dates';
import { type ReplatformInput, replatformInputSchema, replatformWorkflowId } from '../domain/replatform/input';
import type { QuestionnaireInput } from '../domain/replatform/questionnaire';
import type { ReplatformStatus } from '../domain/replatform/status';
import { parseWith } from '../domain/validation';
import {
  answerUpdate, checklistDoneUpdate, launchNowUpdate, markActivationDateUpdate, markDeactivationDateUpdate, markLaunchDateUpdate,
  pauseSignal, type RemigrateResult, remigrateUpdate, resumeSignal, statusQuery, syncNowSignal,
} from '../workflows/replatform/messages';
import { withClient } from './context';
import { progressBar } from './progress-bar';

/** A refusal with one line per problem (the workflow's validator joins them with "; "). */
export class Refused extends Error {
  constructor(readonly what: string, readonly problems: string[]) {
    super(`${what}:\n  ${problems.join('\n  ')}`);
  }
}

/** The problems in a validator's message "<what> rejected: a; b; c", one per entry. */
export function rejectionProblems(message: string): string[] {
  const body = message.replace(/^[\w ]+ rejected: /, '');
  return body.split('; ').map((p) => p.trim()).filter(Boolean);
}

/** Runs an update; a validator's refusal becomes a `Refused` listing each problem instead of Temporal's wrapper. */
async function refusedAs<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause) throw new Refused(`${what} rejected`, rejectionProblems(err.cause.message));
    throw err;
  }
}

const handle = (client: Client, store: string) => client.workflow.getHandle(replatformWorkflowId(store));

/**
 * Starts the store's re-platform. The input is checked here first (each problem with its field path; the date
 * rules against today) so a typo never becomes a failed workflow; the workflow checks again.
 */
export async function startReplatform(client: Client, taskQueue: string, input: ReplatformInput, now = new Date()): Promise<string> {
  const parsed = parseWith(replatformInputSchema, input);
  if (!parsed.ok) throw new Refused('invalid replatform input', parsed.problems);
  const q = parsed.value.questionnaire;
  const problems = q ? dateProblems({ launchAt: q.launchDate, deactivateAt: q.deactivationDate, activateAt: q.activationDate }, now).map((p) => `questionnaire.${p}`) : [];
  if (problems.length) throw new Refused('invalid replatform input', problems);
  const workflowId = replatformWorkflowId(parsed.value.storeDomain);
  try {
    await client.workflow.start('replatform', { taskQueue, workflowId, args: [input] });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new Error(`a re-platform of ${parsed.value.storeDomain} is already running (workflow ${workflowId}); see it with: cutover replatform status ${parsed.value.storeDomain}`);
    }
    throw err;
  }
  return workflowId;
}

export function replatformStatus(client: Client, store: string): Promise<ReplatformStatus> {
  return handle(client, store).query(statusQuery);
}

/** Answers (or re-answers) the questionnaire, sent as read (the workflow validates); a rejection lists each field's problem. */
export function answerQuestionnaire(client: Client, store: string, answer: unknown): Promise<ReplatformStatus> {
  return refusedAs('answer', handle(client, store).executeUpdate(answerUpdate, { args: [answer as QuestionnaireInput] }));
}

export function launch(client: Client, store: string, when: { date?: string; now?: boolean }): Promise<string | ReplatformDates> {
  if (when.now && when.date) throw new Error('give either --date <date> or --now, not both');
  if (when.now) return refusedAs('launch now', handle(client, store).executeUpdate(launchNowUpdate));
  if (!when.date) throw new Error('give --date <YYYY-MM-DD or ISO instant> or --now');
  return refusedAs('launch date', handle(client, store).executeUpdate(markLaunchDateUpdate, { args: [{ date: when.date }] }));
}

export function markDate(client: Client, store: string, which: 'deactivation' | 'activation', date: string): Promise<ReplatformDates> {
  const update = which === 'deactivation' ? markDeactivationDateUpdate : markActivationDateUpdate;
  return refusedAs(`${which} date`, handle(client, store).executeUpdate(update, { args: [{ date }] }));
}

export function remigrate(client: Client, store: string, confirm: boolean): Promise<RemigrateResult> {
  return refusedAs('remigrate', handle(client, store).executeUpdate(remigrateUpdate, { args: [{ confirm }] }));
}

export function checklistDone(client: Client, store: string, item: string): Promise<ChecklistEntry[]> {
  return refusedAs('checklist done', handle(client, store).executeUpdate(checklistDoneUpdate, { args: [{ item }] }));
}

export async function sendControl(client: Client, store: string, control: 'pause' | 'resume' | 'sync-now'): Promise<void> {
  const signal = { pause: pauseSignal, resume: resumeSignal, 'sync-now': syncNowSignal }[control];
  await handle(client, store).signal(signal);
}

const when = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/:00\.000Z$|\.000Z$/, 'Z') : '-');

/**
 * The status query as text: phase and dates, the questionnaire, migration, smart update (the last run per
 * field: written, skipped, could not write), each ESP's readiness, the checklist and the emails sent, refused
 * signals, what the deactivation did, conflicts and the timeline.
 */
export function formatReplatformStatus(status: ReplatformStatus, options: { timeline?: number } = {}): string {
  const lines = [
    `re-platform of ${status.storeDomain} (${status.replatformId}): ${status.phase}${status.paused ? ' (PAUSED)' : ''}, ${status.sourcePlatform ?? '?'} → ${status.targetPlatform ?? '?'}`,
    `  dates       launch ${when(status.dates.launchAt)}, deactivation ${when(status.dates.deactivateAt)}, activation ${when(status.dates.activateAt)}; ESPs go live ${when(status.goLiveAt)}`,
  ];
  const q = status.questionnaire;
  if (q) {
    lines.push(`  contact     ${q.techContact.name} <${q.techContact.email}> ${q.techContact.phone}`);
    lines.push(`  plan        data: ${q.data}, same domain: ${q.sameDomain ? 'yes' : 'no'}, ESPs: ${q.esps.map((e) => e.provider).join(', ') || 'none'}`);
  } else {
    lines.push('  questionnaire not answered yet: cutover replatform answer <store> --file q.json');
  }
  if (status.rejectedSignals.length) {
    lines.push(`  REFUSED SIGNALS (${status.rejectedSignals.length}, newest last; the dates were left as they were)`);
    for (const r of status.rejectedSignals.slice(-5)) lines.push(`    ${when(r.at)}  ${r.signal} ${r.received}: ${r.problems.join('; ')}`);
  }
  const m = status.migration;
  if (m.workflowId) {
    lines.push(`  migration   ${m.workflowId}: ${m.verified === null ? 'running or not verified yet' : m.verified ? 'verified' : 'NOT verified'}, ${m.runs} run(s)`);
    for (const type of entityTypes) {
      const e = m.progress?.entities[type];
      if (!e || (e.total === 0 && e.done === 0 && e.failed === 0)) continue;
      lines.push(`    ${type.padEnd(11)} ${progressBar(e.done + e.failed, e.total, 20)} ${e.done}/${e.total} done, ${e.failed} failed`);
    }
  }
  const su = status.smartUpdate;
  lines.push(`  smart update ${su.runs} run(s), ${su.stoppedAt ? `stopped ${when(su.stoppedAt)} after the final run` : `next ${when(su.nextAt)}`}, changes read up to ${when(su.syncedUntil)}`);
  if (su.last) {
    const l = su.last;
    lines.push(`    last run ${when(l.startedAt)}: ${l.changed} changed, ${l.updated} updated, ${l.created} created, ${l.conflicted} conflicted, ${l.failed} failed, ${l.unchanged} unchanged`);
    // Per field: what the last run wrote, skipped and could not write (older runs' summaries carry no fields).
    for (const [type, byField] of Object.entries(l.fields ?? {})) {
      for (const [field, c] of Object.entries(byField)) {
        lines.push(`      ${`${type}.${field}`.padEnd(24)} ${c.written} written, ${c['skipped-unchanged']} skipped (unchanged), ${c.conflict} conflict, ${c['unsupported-on-target']} unsupported on the target, ${c.failed} failed`);
      }
    }
    for (const p of (l.fieldProblems ?? []).slice(0, 10)) lines.push(`      could not write ${p.entityType} ${p.sourceId} ${p.field} (${p.outcome}): ${p.reason}`);
  }
  if (status.esps.length) {
    lines.push(`  ESPs        go live ${when(status.goLiveAt)} (the activation date, else the launch), each once it is ready`);
    for (const e of status.esps) lines.push(`    ${`${e.provider}#${e.account}`.padEnd(12)} ${e.state.padEnd(9)} since ${when(e.since)}${e.detail ? `  ${e.detail}` : ''}`);
  }
  if (status.conflicts.length) {
    lines.push(`  conflicts (${status.conflicts.length}, newest last; kept per the conflict policy)`);
    for (const c of status.conflicts.slice(-10)) {
      lines.push(`    ${c.entityType} ${c.sourceId} → ${c.targetId} ${c.field}: last synced ${JSON.stringify(c.base)}, source ${JSON.stringify(c.source)}, target ${JSON.stringify(c.target)}; kept the ${c.kept}'s`);
    }
  }
  const open = status.checklist.filter((i) => !i.doneAt).length;
  lines.push(`  checklist   ${open} open of ${status.checklist.length}; next reminder ${when(status.nextReminderAt)}, ${status.remindersSent} reminder(s) sent`);
  for (const item of status.checklist) lines.push(`    [${item.doneAt ? 'x' : ' '}] ${item.id.padEnd(32)} ${item.title}${item.doneAt ? `  (confirmed ${when(item.doneAt)})` : ''}`);
  if (status.notices.length) {
    lines.push(`  emails to the tech contact (last ${Math.min(status.notices.length, 8)} of ${status.notices.length})`);
    for (const n of status.notices.slice(-8)) lines.push(`    ${when(n.at)}  ${n.kind.padEnd(18)} ${n.about}${n.sent ? '' : ' (not sent: see the timeline)'}`);
  }
  if (status.deactivation.actions.length) {
    lines.push('  deactivation, done by API');
    for (const a of status.deactivation.actions) lines.push(`    ${when(a.at)}  ${a.action.padEnd(20)} ${a.outcome.padEnd(7)} ${a.detail}`);
  }
  const shown = status.timeline.slice(-(options.timeline ?? 15));
  lines.push(`  timeline${shown.length < status.timeline.length ? ` (last ${shown.length} of ${status.timeline.length})` : ''}`);
  for (const t of shown) lines.push(`    ${when(t.at)}  ${t.event}`);
  return lines.join('\n');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}

interface StartOptions {
  input?: string; questionnaire?: string; source?: string; target?: string; storeDomain?: string; email?: string;
  smartUpdateEvery?: string; remindEvery?: string; syncProducts?: string; syncOrders?: string; conflictPolicy?: string;
}

/** The workflow input from an optional whole-input file with the command line's options on top. */
export function startInput(options: StartOptions): ReplatformInput {
  const fromFile = (options.input ? readJson(options.input) : {}) as Record<string, unknown>;
  const sync = (fromFile.sync ?? {}) as Record<string, unknown>;
  const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    ...fromFile,
    ...(options.storeDomain ? { storeDomain: options.storeDomain } : {}),
    ...(options.source ? { source: { connection: options.source } } : {}),
    ...(options.target ? { target: { connection: options.target } } : {}),
    ...(options.questionnaire ? { questionnaire: readJson(options.questionnaire) } : {}),
    ...(options.email ? { emailConnection: options.email } : {}),
    ...(options.smartUpdateEvery ? { smartUpdateEvery: options.smartUpdateEvery } : {}),
    ...(options.remindEvery ? { remindEvery: options.remindEvery } : {}),
    ...(options.syncProducts || options.syncOrders ? {
      sync: { ...sync, ...(options.syncProducts ? { products: list(options.syncProducts) } : {}), ...(options.syncOrders ? { orders: list(options.syncOrders) } : {}) },
    } : {}),
    ...(options.conflictPolicy ? { conflictPolicy: options.conflictPolicy } : {}),
  } as ReplatformInput;
}

export function registerReplatformCommands(program: Command): void {
  const rp = program.command('replatform').description('a store\'s re-platform lifecycle (the replatform workflow, one per store domain)');
  const store = (cmd: Command): Command => cmd.argument('<store>', 'the store\'s domain (workflow replatform-<domain>)');

  rp.command('start').description('start the re-platform of a store')
    .option('--input <file>', 'the whole replatform input as JSON (the options below override it)')
    .option('--questionnaire <file>', 'the questionnaire as JSON (else answer it later)')
    .option('--source <connection>', 'the old store\'s connection')
    .option('--target <connection>', 'the new store\'s connection')
    .option('--store-domain <domain>', 'the store\'s domain, e.g. shop.example')
    .option('--email <connection>', 'smtp connection that emails the checklist to the tech contact')
    .option('--smart-update-every <duration>', 'smart update period (default 6 hours)')
    .option('--remind-every <duration>', 'checklist reminder period (default 3 days)')
    .option('--sync-products <fields>', 'product fields to keep in sync: quantity,stockStatus,price,name,categories,seoUrl')
    .option('--sync-orders <fields>', 'order fields to keep in sync: status,statusHistory,shipping,tracking')
    .option('--conflict-policy <policy>', 'target-wins (default) or source-wins')
    .action(async (options: StartOptions) => {
      const input = startInput(options);
      await withClient(async (client, config) => {
        const workflowId = await startReplatform(client, config.temporal.taskQueue, input);
        console.log(`started ${workflowId}`);
        console.log(`follow it: cutover replatform status ${input.storeDomain}   or the Web UI, workflow ${workflowId}`);
      });
    });

  store(rp.command('answer')).description('answer (or change, until launch) the questionnaire')
    .requiredOption('--file <q.json>', 'the questionnaire as JSON; - reads standard input')
    .action(async (domain: string, options: { file: string }) => {
      const status = await withClient((client) => answerQuestionnaire(client, domain, readJson(options.file)));
      console.log(formatReplatformStatus(status, { timeline: 5 }));
    });

  store(rp.command('status')).description('phase, dates, refused signals, migration progress, the last smart update, each ESP\'s readiness, checklist and emails, deactivation actions, conflicts, a timeline')
    .option('--json', 'print the status query\'s answer as JSON')
    .option('--timeline <n>', 'timeline events shown (default 15)', Number)
    .action(async (domain: string, options: { json?: boolean; timeline?: number }) => {
      const status = await withClient((client) => replatformStatus(client, domain));
      console.log(options.json ? JSON.stringify(status, null, 2) : formatReplatformStatus(status, { timeline: options.timeline }));
    });

  store(rp.command('launch')).description('move the launch date, or launch now (smart update runs once more; each ESP goes live at the activation date once ready)')
    .option('--date <date>', 'YYYY-MM-DD or an ISO instant')
    .option('--now', 'launch now')
    .action(async (domain: string, options: { date?: string; now?: boolean }) => {
      const result = await withClient((client) => launch(client, domain, options));
      console.log(typeof result === 'string' ? result : `launch date now ${when(result.launchAt)} (deactivation ${when(result.deactivateAt)})`);
    });

  for (const which of ['deactivation', 'activation'] as const) {
    store(rp.command(which === 'deactivation' ? 'deactivate' : 'activate')).description(`move the ${which} date`)
      .requiredOption('--date <date>', 'YYYY-MM-DD or an ISO instant')
      .action(async (domain: string, options: { date: string }) => {
        const dates = await withClient((client) => markDate(client, domain, which, options.date));
        console.log(`dates: launch ${when(dates.launchAt)}, deactivation ${when(dates.deactivateAt)}, activation ${when(dates.activateAt)}`);
      });
  }

  const controls = { pause: 'hold smart updates and date timers', resume: 'carry on after pause', 'sync-now': 'run a smart update now' } as const;
  for (const [control, description] of Object.entries(controls) as [keyof typeof controls, string][]) {
    store(rp.command(control)).description(description).action(async (domain: string) => {
      await withClient((client) => sendControl(client, domain, control));
      console.log(`${control} sent to ${replatformWorkflowId(domain)}; see the effect with: cutover replatform status ${domain}`);
    });
  }

  store(rp.command('remigrate')).description('delete on the target what Cutover created, then migrate everything again')
    .option('--confirm', 'required: edits made on the target to the entities Cutover created are lost')
    .action(async (domain: string, options: { confirm?: boolean }) => {
      const result = await withClient((client) => remigrate(client, domain, options.confirm === true));
      console.log(`WARNING: ${result.warning}`);
      console.log(`deleted ${JSON.stringify(result.deleted)}, kept ${result.kept} that were there before Cutover, ${result.failedDeletes} delete(s) failed; migrated again: ${result.verified ? 'verified' : 'NOT verified'}`);
    });

  const checklist = rp.command('checklist').description('the steps no API can do');
  checklist.command('done').description('confirm a checklist item: its reminders stop')
    .argument('<store>', 'the store\'s domain').argument('<item>', 'the item id (see status)')
    .action(async (domain: string, item: string) => {
      const items = await withClient((client) => checklistDone(client, domain, item));
      console.log(`${item} done; ${items.filter((i) => !i.doneAt).length} item(s) still open`);
    });
}
