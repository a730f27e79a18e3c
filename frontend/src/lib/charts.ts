// Chart.js is loaded on demand: only the dashboard pays for it.
import type { Chart as ChartType, ChartConfiguration } from 'chart.js';

let loading: Promise<typeof ChartType> | null = null;

export function loadChart(): Promise<typeof ChartType> {
  loading ??= import('./chartSetup').then((m) => m.Chart);
  return loading;
}

export type { ChartConfiguration };
