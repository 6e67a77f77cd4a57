/**
 * The suite's results: latest.json (everything, machine-readable) and latest.md (a Markdown
 * table of figures and one of ratios, with goals met or missed, then failures and notes).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineInfo } from './machine-info.js';
import { formatValue } from './stats.js';
import type { Figure, Goal, Ratio, StepResult } from './step-types.js';

export interface SuiteReport {
  /** ISO 8601, when the suite started. */
  date: string;
  durationMs: number;
  machine: MachineInfo;
  steps: StepResult[];
  ok: boolean;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(cells: string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function goalText(goal: Goal | undefined, unit: string): string {
  if (!goal) return '';
  return `${goal.op === '>=' ? '≥' : '≤'} ${formatValue(goal.value, unit)}`;
}

/** The value as shown; one more digit when rounding would make it look equal to its goal. */
function valueText(value: number, unit: string, goal: Goal | undefined): string {
  const text = formatValue(value, unit);
  if (goal === undefined || text !== formatValue(goal.value, unit) || value === goal.value) return text;
  return unit === '×' ? `${value.toFixed(3)}×` : `${value.toFixed(2)} ${unit}`;
}

function verdict(item: Figure | Ratio): string {
  if (!item.goal) return '';
  if (item.value === null) return 'not measured';
  return item.met ? 'met' : '**missed**';
}

const loads = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(' / ');

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export function renderMarkdown(report: SuiteReport): string {
  const m = report.machine;
  const lines: string[] = [
    `## Benchmark run, ${report.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${m.platform} ${m.release} ${m.arch}, node ${m.node}. ` +
      `Load average (1 / 5 / 15 min): ${loads(m.loadAverageBefore)} before, ${loads(m.loadAverageAfter)} after. Suite time ${minutes(report.durationMs)}.`,
    '',
    row(['step', 'figure', 'value', 'detail', 'goal', 'result']),
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const step of report.steps) {
    for (const f of step.figures) lines.push(row([step.title, f.label, valueText(f.value, f.unit, f.goal), f.detail ?? '', goalText(f.goal, f.unit), verdict(f)]));
    if (step.status === 'failed' && step.figures.length === 0) lines.push(row([step.title, '**failed**', '', step.failure ?? '', '', '']));
  }
  lines.push('', row(['step', 'ratio (same run)', 'value', 'baseline', 'detail', 'goal', 'result']), '| --- | --- | --- | --- | --- | --- | --- |');
  for (const step of report.steps) {
    for (const r of step.ratios) {
      lines.push(row([step.title, r.label, r.value === null ? 'n/a' : valueText(r.value, '×', r.goal), r.baseline, r.detail ?? '', goalText(r.goal, '×'), verdict(r)]));
    }
  }
  const failed = report.steps.filter((s) => s.status === 'failed');
  if (failed.length > 0) {
    lines.push('', 'Failed steps:', '');
    for (const s of failed) lines.push(`- **${s.title}** (${minutes(s.durationMs)}): ${(s.failure ?? 'failed').split('\n')[0]}`);
  }
  const notes = report.steps.flatMap((s) => s.notes.map((n) => `- ${s.title}: ${n}`));
  if (notes.length > 0) lines.push('', 'Notes:', '', ...notes);
  return lines.join('\n') + '\n';
}

/** Writes latest.json and latest.md into `dir`; returns their paths. */
export async function writeReport(dir: string, report: SuiteReport): Promise<{ json: string; markdown: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const markdown = join(dir, 'latest.md');
  await writeFile(json, JSON.stringify(report, null, 2) + '\n');
  await writeFile(markdown, renderMarkdown(report));
  return { json, markdown };
}
