/**
 * Summarises V8 CPU profiles (`node --cpu-prof`, as `npm run bench -- --profile`
 * writes them): self time per function and per package, heaviest first.
 *
 *   npx tsx bench/profile.ts <file.cpuprofile | directory> [--top N]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  functions: Array<{ name: string; ms: number; share: number }>;
  packages: Array<{ name: string; ms: number; share: number }>;
}

/** node_modules/<pkg> or node:internal or our file path. */
function owner(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node (core)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const ours = /\/(src|dist\/src)\/([^/]+)\//.exec(url);
  if (ours) return `src/${ours[2]}`;
  return url.replace(/^file:\/\//, '');
}

export function summarise(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
    total += ms;
    const file = frame.url.replace(/^.*\/(node_modules\/|dist\/|src\/)/, '$1');
    const key = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + ms);
    const pkg = frame.functionName === '(garbage collector)' ? '(garbage collector)' : owner(frame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: ms / total }));
  return { totalMs: total, functions: sorted(functions), packages: sorted(packages) };
}

function render(summary: ProfileSummary, title: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
  return [
    `## ${title}: ${Math.round(summary.totalMs)} ms of CPU (idle excluded)`,
    '',
    'by package / module:',
    ...summary.packages.map((p) => `  ${pct(p.share)}  ${p.name}`),
    '',
    'by function (self time):',
    ...summary.functions.map((f) => `  ${pct(f.share)}  ${f.name}`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
  if (!target) {
    console.error('usage: npx tsx bench/profile.ts <file.cpuprofile | directory> [--top N]');
    process.exit(1);
  }
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => join(target, f))
    : [target];
  for (const file of files) console.log(`${render(summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top), file)}\n`);
}
