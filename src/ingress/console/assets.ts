import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The page's stylesheet and script, inlined into the page (one request, nothing to serve besides it). They
 * are files of their own so the linter checks the script as the browser runs it; the CSP allows exactly
 * these bytes, by hash, and nothing else inline.
 */
function asset(name: string): { text: string; hash: string } {
  const text = readFileSync(join(__dirname, name), 'utf8');
  return { text, hash: `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'` };
}

export const consoleStyle = asset('console.css');
export const consoleScript = asset('console-script.js');

export const consoleContentSecurityPolicy = [
  "default-src 'none'",
  `script-src ${consoleScript.hash}`,
  `style-src ${consoleStyle.hash}`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
