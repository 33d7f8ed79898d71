// Exports of a run, as files a person takes elsewhere: mermaid text of the whole run or a range
// of events, the diagram as SVG (the same pure renderer the CLI uses) or PNG, the trace as
// JSON and the metrics as CSV. The text builders are pure; `download` and `svgToPng` are the
// two small browser-only helpers.

import type { TraceEvent } from '../../engine/trace/types';
import { traceToMermaid } from '../../projections/mermaid';
import { layoutToSvg } from '../../projections/sequence-svg';
import type { SequenceLayout } from '../../projections/sequence-layout';
import { METRIC_NAMES, type MetricSeries } from '../../projections/metrics';

export interface SeqRange {
  fromSeq: number;
  toSeq: number;
}

export function mermaidExport(trace: readonly TraceEvent[], range?: SeqRange): string {
  return traceToMermaid(trace, range ? { fromSeq: range.fromSeq, toSeq: range.toSeq } : {});
}

export function svgExport(layout: SequenceLayout): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${layoutToSvg(layout)}\n`;
}

export function traceJson(meta: { scenario: string; seed: number; hash: string | null }, trace: readonly TraceEvent[]): string {
  return JSON.stringify({ ...meta, events: trace }, null, 1) + '\n';
}

/** One row per time bucket: the bucket's start tick and every metric. */
export function metricsCsv(series: MetricSeries): string {
  const header = ['tick', ...METRIC_NAMES].join(',');
  const rows = series.ticks.map((tick, i) => [tick, ...METRIC_NAMES.map((m) => series[m][i] ?? '')].join(','));
  return [header, ...rows].join('\n') + '\n';
}

export function fileBase(scenarioId: string, seed: number): string {
  return `${scenarioId.replace(/[^A-Za-z0-9._-]+/g, '-')}-seed-${seed}`;
}

export function download(name: string, content: string | Blob, type = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: `${type};charset=utf-8` }) : content;
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Rasterises an SVG document at `scale` (2 = crisp on high-density screens). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    // Canvases have a size limit (~16k px a side in Chromium); very long runs are scaled down.
    const fit = Math.min(scale, 16_000 / width, 16_000 / height);
    canvas.width = Math.max(1, Math.floor(width * fit));
    canvas.height = Math.max(1, Math.floor(height * fit));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
