/**
 * The saga's latency over a chaos run as an SVG a browser opens: each order a dot at the time it was
 * placed, as high as it took to end (log scale), coloured by its final state, with the fault windows
 * shaded and named. Written by hand: a few shapes do not need a chart library.
 */
import type { SagaPoint } from './report.ts';

export type FaultWindow = { kind: string; fromSeconds: number; toSeconds: number };

const WIDTH = 960;
const PLOT_HEIGHT = 320;
/** Each kind of fault has a lane above the plot, with a bar for each time it ran. */
const LANE = 14;
const COLOURS: Record<string, string> = { CONFIRMED: '#2e7d32', REJECTED: '#757575', PAYMENT_FAILED: '#ef6c00', CANCELLED: '#1565c0' };
const NOT_ENDED = '#c62828';
const FAULT_COLOURS = ['#8e24aa', '#00838f', '#c0ca33', '#6d4c41', '#d81b60', '#3949ab', '#f9a825', '#546e7a'];
const Y_TICKS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export function sagaChart(points: readonly SagaPoint[], faults: readonly FaultWindow[], title: string): string {
  const kinds = [...new Set(faults.map(({ kind }) => kind))];
  const top = 36 + kinds.length * LANE + 8;
  const PLOT = { left: 64, right: WIDTH - 24, top, bottom: top + PLOT_HEIGHT };
  const HEIGHT = PLOT.bottom + 76;
  const ended = points.flatMap(({ endedSeconds }) => (endedSeconds === undefined ? [] : [Math.max(0.1, endedSeconds)]));
  const yMin = Y_TICKS.findLast((tick) => tick <= Math.min(1, ...ended)) ?? 0.1;
  const yMax = Y_TICKS.find((tick) => tick >= Math.max(2, ...ended)) ?? 1000;
  const latest = Math.max(10, ...points.map(({ placedSeconds }) => placedSeconds), ...faults.map(({ toSeconds }) => toSeconds));
  const xStep = niceCeiling(latest / 8);
  const xMax = Math.ceil(latest / xStep) * xStep;
  const x = (seconds: number) => PLOT.left + (seconds / xMax) * (PLOT.right - PLOT.left);
  const y = (seconds: number) => PLOT.bottom - ((Math.log10(Math.max(yMin, seconds)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (PLOT.bottom - PLOT.top);

  const colourOf = (kind: string) => FAULT_COLOURS[kinds.indexOf(kind) % FAULT_COLOURS.length] ?? '#999';
  const shapes: string[] = [];
  for (const { kind, fromSeconds, toSeconds } of faults) {
    const left = x(fromSeconds);
    const width = Math.max(3, x(toSeconds) - left);
    const lane = 36 + kinds.indexOf(kind) * LANE;
    shapes.push(`<rect x="${f(left)}" y="${PLOT.top}" width="${f(width)}" height="${PLOT.bottom - PLOT.top}" fill="${colourOf(kind)}" fill-opacity="0.1"/>`);
    shapes.push(`<rect x="${f(left)}" y="${lane}" width="${f(width)}" height="${LANE - 4}" fill="${colourOf(kind)}"><title>${escape(kind)}: ${f(fromSeconds)}–${f(toSeconds)} s</title></rect>`);
  }
  for (const kind of kinds) {
    const bars = faults.filter((fault) => fault.kind === kind).map(({ fromSeconds, toSeconds }) => ({ left: x(fromSeconds), right: x(fromSeconds) + Math.max(3, x(toSeconds) - x(fromSeconds)) }));
    const last = Math.max(...bars.map(({ right }) => right));
    // After its last bar, or before its first one when there is no room left on the right.
    const [at, anchor] = last < PLOT.right - 110 ? [last + 4, 'start'] : [Math.min(...bars.map(({ left }) => left)) - 4, 'end'];
    shapes.push(`<text x="${f(at)}" y="${36 + kinds.indexOf(kind) * LANE + 9}" font-size="10" text-anchor="${anchor}" fill="${colourOf(kind)}">${escape(kind)}</text>`);
  }
  for (const tick of Y_TICKS.filter((value) => value >= yMin && value <= yMax)) {
    shapes.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${f(y(tick))}" y2="${f(y(tick))}" stroke="#e0e0e0"/>`);
    shapes.push(`<text x="${PLOT.left - 6}" y="${f(y(tick) + 4)}" font-size="11" text-anchor="end">${tick}</text>`);
  }
  for (let tick = 0; tick <= xMax; tick += xStep) {
    shapes.push(`<line x1="${f(x(tick))}" x2="${f(x(tick))}" y1="${PLOT.bottom}" y2="${PLOT.bottom + 4}" stroke="#333"/>`);
    shapes.push(`<text x="${f(x(tick))}" y="${PLOT.bottom + 16}" font-size="11" text-anchor="middle">${tick}</text>`);
  }
  for (const point of points) {
    const title = `${point.orderId}: ${point.state}${point.endedSeconds === undefined ? ', never ended' : ` after ${point.endedSeconds.toFixed(1)} s`}`;
    if (point.endedSeconds === undefined) {
      shapes.push(`<text x="${f(x(point.placedSeconds))}" y="${f(PLOT.top + 4)}" font-size="12" text-anchor="middle" fill="${NOT_ENDED}">×<title>${escape(title)}</title></text>`);
    } else {
      shapes.push(`<circle cx="${f(x(point.placedSeconds))}" cy="${f(y(point.endedSeconds))}" r="2.5" fill="${COLOURS[point.state] ?? NOT_ENDED}" fill-opacity="0.75"><title>${escape(title)}</title></circle>`);
    }
  }
  const legend = [...Object.entries(COLOURS), ['not ended', NOT_ENDED] as const].map(([state, colour], index) => {
    const left = PLOT.left + index * 150;
    return `<circle cx="${left}" cy="${HEIGHT - 22}" r="4" fill="${colour}"/><text x="${left + 8}" y="${HEIGHT - 18}" font-size="12">${escape(state)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${PLOT.left}" y="20" font-size="15" font-weight="bold">${escape(title)}</text>`,
    ...shapes,
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#333"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 34}" font-size="12" text-anchor="middle">placed at (s into the run)</text>`,
    `<text transform="translate(16 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" font-size="12" text-anchor="middle">placing to final state (s, log scale)</text>`,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

/** 1, 2 or 5 times a power of ten, at least `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(1, value)));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

const f = (value: number) => value.toFixed(1);

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
