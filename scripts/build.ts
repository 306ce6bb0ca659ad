/**
 * The second half of `npm run build`, after tsc has compiled src/ to dist/: copies the files tsc leaves out
 * (the console's stylesheet and script, the simulators' vendor specs) and writes the workflow bundle the
 * compiled worker loads (dist/workflow-bundle.js), so a production worker starts without webpack.
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../src/runtime/temporal';
import { PREBUILT_WORKFLOW_BUNDLE, PRELOADED_WORKFLOW_MODULES } from '../src/worker';

const root = resolve(__dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

function copyAssets(dir: string): number {
  let copied = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copied += copyAssets(path);
    else if (!entry.name.endsWith('.ts')) {
      const target = join(dist, relative(src, path));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
      copied += 1;
    }
  }
  return copied;
}

async function main(): Promise<void> {
  console.log(`copied ${copyAssets(src)} asset files into dist/`);
  // The same workflows and failure converter the worker would bundle at start (src/worker.ts).
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../src/workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    preloadModules: PRELOADED_WORKFLOW_MODULES,
  });
  const target = join(dist, relative(src, PREBUILT_WORKFLOW_BUNDLE));
  writeFileSync(target, code);
  console.log(`workflow bundle: ${relative(root, target)} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
