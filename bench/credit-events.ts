// The inference events both traffic benchmarks send: credit-sample applicants with a score,
// label, latency and two attributes, request ids req-000000000…, times spread evenly over
// the 19 hours before `now` minus one hour (so a batch of them is always inside retention).
import { generateApplicants } from '@/demo/samples/credit-data';

const HOUR = 3_600_000;

export interface CreditEvent {
  requestId: string;
  time: string;
  version: number;
  features: Record<string, number | string>;
  prediction: { score: number; label: string };
  latencyMs: number;
  attributes: { gender: string; age_band: string };
}

/** Events `start`…`start + count − 1` of `total`, in the JSON shape clients POST (seeded per batch of 1,000). */
export function creditEvents(start: number, count: number, total: number, now: number): CreditEvent[] {
  const applicants = generateApplicants(count, 1000 + start / 1000);
  const from = now - 20 * HOUR;
  const span = 19 * HOUR;
  return applicants.map((a, i) => {
    const k = start + i;
    const score = Math.round(1e4 / (1 + Math.exp(-(-2 + 3 * (a.debt_to_income - 0.3) + 0.35 * a.num_late_payments)))) / 1e4;
    return {
      requestId: `req-${String(k).padStart(9, '0')}`,
      time: new Date(from + Math.floor((k * span) / total)).toISOString(),
      version: 1,
      features: { age: a.age, income: a.income, loan_amount: a.loan_amount, debt_to_income: a.debt_to_income, credit_history_years: a.credit_history_years, num_late_payments: a.num_late_payments, employment_type: a.employment_type, purpose: a.purpose },
      prediction: { score, label: score >= 0.5 ? 'defaulted' : 'repaid' },
      latencyMs: Math.round((2 + (k % 17) * 0.7) * 1000) / 1000,
      attributes: { gender: a.gender, age_band: a.age_band },
    };
  });
}
