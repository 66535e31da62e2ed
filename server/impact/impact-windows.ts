// The two equal windows a deployment is judged over, in whole days of 24 hours counted from
// the deployment (not calendar days), aligned to whole UTC hours because the rollups and
// KPI series are hourly: `after` starts at the first whole hour after the deployment,
// `before` ends at the start of the hour it happened in, so the mixed hour is in neither.
// Both windows shrink together (they stay equal) when the deployment was replaced sooner,
// is too recent, or its predecessor served for less time than asked. Pure.

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const DEFAULT_WINDOW_DAYS = 7;
export const MAX_WINDOW_DAYS = 90;
export const NOT_A_DAY_YET = 'not one full day after the deployment yet';

export interface Window {
  from: Date;
  to: Date;
}

export interface ImpactWindows {
  requestedDays: number;
  /** Whole days in each window; 0 while not one full day has passed after the deployment. */
  days: number;
  before: Window;
  after: Window;
  /** Why the windows are shorter than asked, in words; null when they are not. */
  shortenedBecause: string | null;
  /** When the after window will be complete (if it is still filling), else null. */
  completeAt: Date | null;
}

export interface DeploymentSpan {
  /** When the deployment moved the alias. */
  at: Date;
  /** When the previous deployment of the environment happened (null: the first one). */
  previousAt: Date | null;
  /** When the next deployment replaced it (null: it still serves). */
  replacedAt: Date | null;
}

const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;
const ceilHour = (t: number) => Math.ceil(t / HOUR) * HOUR;

export function impactWindows(span: DeploymentSpan, requestedDays: number, now: Date): ImpactWindows {
  const afterFrom = ceilHour(span.at.getTime());
  const beforeTo = floorHour(span.at.getTime());
  const afterLimit = Math.min(span.replacedAt?.getTime() ?? Infinity, now.getTime());
  const afterDays = Math.max(0, Math.floor((floorHour(afterLimit) - afterFrom) / DAY));
  const beforeDays = span.previousAt ? Math.max(0, Math.floor((beforeTo - ceilHour(span.previousAt.getTime())) / DAY)) : Infinity;
  const days = Math.min(requestedDays, afterDays, beforeDays);
  const replacedEarly = span.replacedAt !== null && span.replacedAt.getTime() <= now.getTime() && afterDays < requestedDays;
  let shortenedBecause: string | null = null;
  if (days < requestedDays) {
    if (beforeDays < requestedDays && beforeDays <= afterDays) shortenedBecause = `the previous version served for only ${beforeDays} full day${beforeDays === 1 ? '' : 's'} before`;
    else if (replacedEarly) shortenedBecause = `it was replaced after ${afterDays} full day${afterDays === 1 ? '' : 's'}`;
    else shortenedBecause = `only ${afterDays} full day${afterDays === 1 ? ' has' : 's have'} passed since`;
  }
  const stillFilling = !replacedEarly && afterDays < requestedDays && beforeDays >= requestedDays;
  return {
    requestedDays,
    days,
    before: { from: new Date(beforeTo - days * DAY), to: new Date(beforeTo) },
    after: { from: new Date(afterFrom), to: new Date(afterFrom + days * DAY) },
    shortenedBecause,
    completeAt: stillFilling ? new Date(afterFrom + requestedDays * DAY) : null,
  };
}

/** The day (0-based) of a window an instant falls in, or -1 outside it. */
export function dayOf(window: Window, at: Date): number {
  const t = at.getTime();
  if (t < window.from.getTime() || t >= window.to.getTime()) return -1;
  return Math.floor((t - window.from.getTime()) / DAY);
}
