/**
 * Prints one peer-comparison figure: every store's value and its ratio against mpsync on the same
 * kind of backend. The ratio is the peer's value over mpsync's, so for a time > 1 means mpsync is
 * that many times faster (and for heap, that it holds the store in that many times less memory).
 */
import type { BackendKind } from './subject';

/** One store's value in a figure; `value` is absent when the store cannot do that step. */
export interface FigureRow {
  readonly label: string;
  readonly kind: BackendKind;
  readonly reference: boolean;
  readonly value: number | undefined;
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));

/** The rows of a figure as printed lines (smaller values are better). */
export function figureLines(name: string, unit: string, rows: readonly FigureRow[], notes?: string): string[] {
  const lines = [name];
  for (const row of rows) {
    const reference = rows.find((r) => r.reference && r.kind === row.kind);
    let ratio = '';
    if (row.value === undefined) ratio = 'n/a';
    else if (row.reference) ratio = '(reference)';
    else if (reference?.value !== undefined) ratio = `${fmt(row.value / reference.value)}x mpsync's`;
    const value = row.value === undefined ? '-' : fmt(row.value);
    lines.push(`  ${`${row.label} [${row.kind}]`.padEnd(52)} ${value.padStart(9)} ${unit.padEnd(3)} ${ratio}`);
  }
  if (notes) lines.push(`  ${notes}`);
  return lines;
}

/** Prints a figure (see {@link figureLines}). */
export function reportFigure(name: string, unit: string, rows: readonly FigureRow[], notes?: string): void {
  process.stdout.write(`${figureLines(name, unit, rows, notes).join('\n')}\n\n`);
}
