import type { TrainingMetricsConfig } from './gate-config';
import { evidenceLinks, type Gate } from './gate-types';

const fmt = (n: number) => String(Number(n.toPrecision(6)));

/** Training metrics reported by CI meet the policy's thresholds (min inclusive, max inclusive). */
export const trainingMetricsGate: Gate<TrainingMetricsConfig> = (evidence, config) => {
  const { candidate, model } = evidence;
  const link = evidenceLinks.version(model.name, candidate.version);
  const names = Object.keys(config.thresholds).sort();
  const numbers: Record<string, number | string | null> = {};
  if (names.length === 0) {
    return { gate: 'training_metrics', status: 'pass', summary: 'No metric thresholds are configured.', numbers, link };
  }
  const failing: string[] = [];
  const absent: string[] = [];
  const passing: string[] = [];
  for (const name of names) {
    const threshold = config.thresholds[name]!;
    const value = candidate.metrics[name];
    numbers[name] = typeof value === 'number' && Number.isFinite(value) ? value : null;
    if (threshold.min !== undefined) numbers[`${name}_min`] = threshold.min;
    if (threshold.max !== undefined) numbers[`${name}_max`] = threshold.max;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      absent.push(name);
      continue;
    }
    const bounds = [threshold.min !== undefined ? `≥ ${fmt(threshold.min)}` : null, threshold.max !== undefined ? `≤ ${fmt(threshold.max)}` : null].filter(Boolean).join(' and ');
    const text = `${name} ${fmt(value)} (needs ${bounds})`;
    if ((threshold.min !== undefined && value < threshold.min) || (threshold.max !== undefined && value > threshold.max)) failing.push(text);
    else passing.push(text);
  }
  if (failing.length > 0) {
    const more = absent.length ? `; not reported: ${absent.join(', ')}` : '';
    return { gate: 'training_metrics', status: 'fail', summary: `Below threshold: ${failing.join('; ')}${more}.`, numbers, link };
  }
  if (absent.length > 0) {
    return { gate: 'training_metrics', status: 'missing', summary: `v${candidate.version} reports no ${absent.join(', ')}.`, numbers, link };
  }
  return { gate: 'training_metrics', status: 'pass', summary: `All thresholds met: ${passing.join('; ')}.`, numbers, link };
};
