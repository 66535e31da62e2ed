import type { Label } from '@/server/registry/feature-schema';
import { seededRandom } from '@/server/statistics/seeded-random';
import type { Applicant } from './credit-data';

// Two more things to predict about the same synthetic applicants, so the demo has a model of
// every task type on one population: the credit limit a lender grants (regression, thousands)
// and a risk grade A–D (multiclass). Both are functions of the applicant's features plus noise
// drawn from a stream of their own, so the applicant generator's draws (and with them the
// credit-risk models' bytes) stay exactly as they were. Both have a kink a linear model
// cannot follow, which is where a better-trained version still falls short.

export const RISK_GRADES = ['A', 'B', 'C', 'D'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export const CREDIT_LIMIT_LABEL: Label = { name: 'credit_limit' };
export const RISK_GRADE_LABEL: Label = { name: 'risk_grade', classes: [...RISK_GRADES] };

export interface CreditTargets {
  /** Thousands, one decimal. */
  creditLimit: number;
  riskGrade: RiskGrade;
}

const EMPLOYMENT_LIMIT = { salaried: 1, self_employed: 0.85, unemployed: 0.25, retired: 0.6 } as const;
const EMPLOYMENT_RISK = { salaried: 0, self_employed: 0.35, unemployed: 0.9, retired: 0.1 } as const;
const PURPOSE_RISK = { car: 0, home: -0.25, education: 0.25, business: 0.45 } as const;
/** Risk-score cut points between grades A|B, B|C, C|D. */
const GRADE_CUTS = [-0.75, -0.1, 0.55] as const;

/** The granted limit: a share of income, cut by existing debt past 15 % of income and by late payments. */
export function creditLimit(a: Applicant, noise: number): number {
  const affordability = Math.max(0.05, 1 - 1.4 * Math.max(0, a.debt_to_income - 0.15));
  const history = 1 + 0.02 * Math.min(a.credit_history_years, 25);
  const limit = 0.35 * a.income * EMPLOYMENT_LIMIT[a.employment_type] * affordability * history * Math.exp(-0.15 * a.num_late_payments) * Math.exp(0.12 * noise);
  return Math.round(Math.max(0.5, limit) * 10) / 10;
}

/** The grade a risk analyst assigns: the generator's default-risk terms, noise, and fixed cut points. */
export function riskGrade(a: Applicant, noise: number): RiskGrade {
  const score =
    2.2 * (a.debt_to_income - 0.3) +
    2.5 * Math.max(0, a.debt_to_income - 0.6) +
    0.38 * a.num_late_payments -
    0.035 * a.credit_history_years -
    0.7 * Math.log(a.income / 48) +
    0.25 * Math.log(a.loan_amount / a.income) +
    EMPLOYMENT_RISK[a.employment_type] +
    PURPOSE_RISK[a.purpose] +
    0.35 * noise;
  const grade = GRADE_CUTS.findIndex((cut) => score < cut);
  return RISK_GRADES[grade === -1 ? RISK_GRADES.length - 1 : grade]!;
}

/** Targets for each applicant, from noise seeded by `seed` (one stream for the whole list). */
export function creditTargets(applicants: readonly Applicant[], seed: number): CreditTargets[] {
  const random = seededRandom(seed);
  return applicants.map((a) => ({ creditLimit: creditLimit(a, random.normal()), riskGrade: riskGrade(a, random.normal()) }));
}
