import { entityTypes } from '../domain/catalog/entities';
import type { MigrationPreview, PreviewSample } from '../domain/migration/preview';

/** Pretty JSON cut to lines no wider than `width`; a longer line ends in "…". */
function jsonLines(value: unknown, width: number): string[] {
  return JSON.stringify(value, null, 2).split('\n').map((line) => (line.length > width ? `${line.slice(0, width - 1)}…` : line));
}

/** Two columns: the source record on the left, what would be written on the right. */
export function sideBySide(left: string[], right: string[], width: number): string[] {
  const rows = Math.max(left.length, right.length);
  return Array.from({ length: rows }, (_, i) => `${(left[i] ?? '').padEnd(width)} │ ${right[i] ?? ''}`.trimEnd());
}

function targetSide(sample: PreviewSample, width: number): string[] {
  if (sample.refused) return [`REFUSED: ${sample.refused}`];
  if (!sample.target) return ['(the target adapter cannot describe its writes)'];
  const head = sample.target.existingTargetId ? [`updates ${sample.target.existingTargetId} (found on the target)`] : ['creates'];
  return [...head, ...sample.target.calls.flatMap((c) => [`→ ${c.call}`, ...jsonLines(c.body, width)])];
}

/** The preview as a merchant reads it in a terminal. */
export function printPreview(preview: MigrationPreview, columns = process.stdout.columns ?? 160, log: (line: string) => void = console.log): void {
  const half = Math.max(40, Math.floor((columns - 3) / 2));
  log(`PREVIEW ${preview.source.connection} (${preview.source.platform}) → ${preview.target.connection} (${preview.target.platform}): nothing was written`);
  log(`  source: ${preview.source.detail}`);
  log(`  target: ${preview.target.detail}`);
  log('');
  log(`  ${'type'.padEnd(11)} ${'count'.padStart(7)} ${'refused'.padStart(8)}`);
  for (const type of entityTypes) {
    const entity = preview.entities[type];
    if (!entity) continue;
    log(`  ${type.padEnd(11)} ${String(entity.count).padStart(7)} ${String(entity.refusedTotal).padStart(8)}`);
  }
  log('');
  log(`estimated duration: ${preview.estimate.total} (${preview.estimate.copySeconds} s to write, ${preview.estimate.verifySeconds} s to verify)`);
  log(`  rate: ${preview.estimate.rate} [${preview.estimate.basis}]`);
  log(`  per entity (${preview.estimate.unit}): ${entityTypes.map((t) => `${t} ${preview.estimate.perEntity[t]}`).join(', ')}`);
  for (const note of preview.estimate.notes) log(`  ${note}`);
  log('');
  log('order-status map (source → target):');
  for (const [from, to] of Object.entries(preview.orderStatusMap.map)) log(`  ${from.padEnd(16)} → ${to}${from in preview.orderStatusMap.overrides ? '   (override)' : ''}`);
  for (const problem of preview.orderStatusMap.problems) log(`  PROBLEM: ${problem}`);
  for (const type of entityTypes) {
    const entity = preview.entities[type];
    if (!entity) continue;
    log('');
    log(`── ${type}: ${entity.samples.length} of ${entity.count} shown ${'─'.repeat(Math.max(0, columns - type.length - 20))}`);
    if (entity.note) log(`  ${entity.note}`);
    for (const sample of entity.samples) {
      log('');
      for (const line of sideBySide([`source ${sample.sourceId}`, ...jsonLines(sample.source, half)], targetSide(sample, half), half)) log(line);
    }
    if (entity.refusedTotal) {
      log('');
      log(`  ${entity.refusedTotal} ${type} would be refused:`);
      for (const r of entity.refused) log(`    ${r.sourceId} (${r.stage}): ${r.reason}`);
      if (entity.refusedTotal > entity.refused.length) {
        log(`    … ${entity.refusedTotal - entity.refused.length} more; by reason:`);
        for (const [reason, n] of Object.entries(entity.refusedByReason)) log(`    ${String(n).padStart(6)} × ${reason}`);
      }
    }
  }
  log('');
  for (const note of preview.notes) log(`note: ${note}`);
}
