'use client';

import {
  BarChart as TremorBarChart,
  DonutChart as TremorDonutChart,
  LineChart as TremorLineChart,
  type BarChartProps,
  type Color,
  type DonutChartProps,
  type LineChartProps,
} from '@tremor/react';

// Tremor's charts as every page should use them. Their own legend is an <ol> holding a
// <div> of <li>s (invalid list markup to a screen reader), so charts here draw the legend
// as a plain list instead; their default palette opens with three near-identical blues, so
// series get colours that stay apart; a donut says in words what it shows.

/** Series colours in order: neighbours differ in hue and lightness. */
export const SERIES_COLORS: Color[] = ['indigo', 'amber', 'emerald', 'rose', 'sky', 'violet', 'lime', 'slate', 'orange', 'teal'];

const DOT: Record<string, string> = {
  indigo: 'bg-indigo-500',
  amber: 'bg-amber-500',
  emerald: 'bg-emerald-500',
  rose: 'bg-rose-500',
  sky: 'bg-sky-500',
  violet: 'bg-violet-500',
  lime: 'bg-lime-500',
  slate: 'bg-slate-500',
  orange: 'bg-orange-500',
  teal: 'bg-teal-500',
  gray: 'bg-gray-500',
  red: 'bg-red-500',
  blue: 'bg-blue-500',
  cyan: 'bg-cyan-500',
  green: 'bg-green-500',
  purple: 'bg-purple-500',
  fuchsia: 'bg-fuchsia-500',
  pink: 'bg-pink-500',
  yellow: 'bg-yellow-500',
  zinc: 'bg-zinc-500',
  neutral: 'bg-neutral-500',
  stone: 'bg-stone-500',
};

/** Which colour stands for which series, as a list. */
export function ChartLegend({ categories, colors = SERIES_COLORS, className = '' }: { categories: string[]; colors?: (Color | string)[]; className?: string }) {
  return (
    <ul aria-label="Legend" className={`flex flex-wrap gap-x-4 gap-y-1 text-tremor-label text-tremor-content-emphasis ${className}`}>
      {categories.map((category, i) => (
        <li key={category} className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className={`h-2.5 w-2.5 shrink-0 rounded-full ${DOT[colors[i % colors.length] ?? ''] ?? 'bg-gray-500'}`} />
          {category}
        </li>
      ))}
    </ul>
  );
}

/** Shown above the chart unless `showLegend` is false; one series needs none unless asked for. */
function legendFor(props: { categories: string[]; colors?: (Color | string)[]; showLegend?: boolean }) {
  const show = props.showLegend ?? props.categories.length > 1;
  return show ? <ChartLegend categories={props.categories} colors={props.colors ?? SERIES_COLORS} className="mb-1 justify-end" /> : null;
}

export function BarChart(props: BarChartProps) {
  return (
    <>
      {legendFor(props)}
      <TremorBarChart {...props} colors={props.colors ?? SERIES_COLORS} showLegend={false} />
    </>
  );
}

export function LineChart(props: LineChartProps) {
  return (
    <>
      {legendFor(props)}
      <TremorLineChart {...props} colors={props.colors ?? SERIES_COLORS} showLegend={false} />
    </>
  );
}

/**
 * A donut with its content in words (`description`), for those who cannot see the ring. The
 * drawing itself is inert: its slices are images without names, and its focusable surface
 * would lead the keyboard into nothing.
 */
export function DonutChart({ description, ...props }: DonutChartProps & { description: string }) {
  return (
    <div role="img" aria-label={description}>
      <div inert>
        <TremorDonutChart {...props} />
      </div>
    </div>
  );
}
