import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { formatWholeTenge } from '../format';

/**
 * Charts drawn by chart.js on a canvas (no inline script or style sheet, so the CSP of 'self' holds).
 * Only the parts used are registered, which keeps the bundle small. Each canvas has a text label;
 * the same figures are always in a table beside it for screen readers and for copying.
 */
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

const PALETTE = ['#0b6e4f', '#c2570c', '#2f5bb7', '#8a3ffc'];

export interface Series {
  label: string;
  values: number[];
}

function useChart(config: () => ChartConfiguration, dependencies: unknown[]) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config());
    return () => chart.destroy();
  }, dependencies);
  return canvas;
}

const tengeAxis = {
  beginAtZero: true,
  // Whole tenge only: an empty chart would otherwise label 0.1, 0.2, … all as «0 ₸».
  ticks: { precision: 0, callback: (value: string | number) => formatWholeTenge(Number(value)) },
};

const tengeTooltip = {
  callbacks: {
    label: (item: { dataset: { label?: string }; parsed: { x: number | null; y: number | null } }) =>
      `${item.dataset.label ?? ''}: ${formatWholeTenge(Number(item.parsed.y ?? item.parsed.x ?? 0))}`,
  },
};

/** Horizontal bars: one per label (regions read better sideways, their names are long). */
export function BarChart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const key = JSON.stringify([labels, series]);
  const canvas = useChart(
    () => ({
      type: 'bar',
      data: {
        labels,
        datasets: series.map((one, index) => ({
          label: one.label,
          data: one.values,
          backgroundColor: PALETTE[index % PALETTE.length],
          borderRadius: 3,
          maxBarThickness: 28,
        })),
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        animation: false,
        scales: { x: tengeAxis },
        plugins: {
          legend: { display: series.length > 1 },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label ?? ''}: ${formatWholeTenge(Number(item.parsed.x ?? 0))}`,
            },
          },
        },
      },
    }),
    [key],
  );
  const height = Math.max(160, labels.length * 26 + 60);
  return (
    <figure class="chart" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={title} />
    </figure>
  );
}

/** Lines over time: donations and aid per month. */
export function LineChart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const key = JSON.stringify([labels, series]);
  const canvas = useChart(
    () => ({
      type: 'line',
      data: {
        labels,
        datasets: series.map((one, index) => ({
          label: one.label,
          data: one.values,
          borderColor: PALETTE[index % PALETTE.length],
          backgroundColor: PALETTE[index % PALETTE.length],
          // Monotone: a curve between two months never dips below zero or overshoots a peak.
          cubicInterpolationMode: 'monotone',
          pointRadius: 3,
        })),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: tengeAxis },
        plugins: { legend: { display: true, position: 'bottom' }, tooltip: tengeTooltip },
      },
    }),
    [key],
  );
  return (
    <figure class="chart" style={{ height: '280px' }}>
      <canvas ref={canvas} role="img" aria-label={title} />
    </figure>
  );
}
