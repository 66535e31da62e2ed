import type { Feature, Label } from '@/server/registry/feature-schema';
import { seededRandom, type SeededRandom } from '@/server/statistics/seeded-random';

// A synthetic credit-risk population for the demo and tests: plausible enough that the
// models, drift and fairness screens show realistic numbers, fully determined by a seed.
// Gender is never a model feature, but income carries a pay gap, so predictions and
// outcomes differ mildly by gender — the kind of indirect disparity a fairness report must find.

export const EMPLOYMENT_TYPES = ['salaried', 'self_employed', 'unemployed', 'retired'] as const;
export const PURPOSES = ['car', 'home', 'education', 'business'] as const;
export const GENDERS = ['female', 'male', 'non_binary'] as const;
export const AGE_BANDS = ['under_30', '30_to_50', 'over_50'] as const;

export interface Applicant {
  age: number;
  /** Thousands per year. */
  income: number;
  /** Thousands. */
  loan_amount: number;
  debt_to_income: number;
  credit_history_years: number;
  num_late_payments: number;
  employment_type: (typeof EMPLOYMENT_TYPES)[number];
  purpose: (typeof PURPOSES)[number];
  gender: (typeof GENDERS)[number];
  age_band: (typeof AGE_BANDS)[number];
  defaulted: 0 | 1;
}

/** Model inputs in the order of the ONNX input `features`; categoricals as category index. */
export const CREDIT_FEATURES: Feature[] = [
  { name: 'age', type: 'numeric', description: 'Applicant age in years', min: 18, max: 75 },
  { name: 'income', type: 'numeric', description: 'Yearly income, thousands', min: 5, max: 400 },
  { name: 'loan_amount', type: 'numeric', description: 'Requested amount, thousands', min: 1, max: 1000 },
  { name: 'debt_to_income', type: 'numeric', description: 'Existing debt payments / income', min: 0, max: 1.5 },
  { name: 'credit_history_years', type: 'numeric', description: 'Years since first credit line', min: 0, max: 40 },
  { name: 'num_late_payments', type: 'numeric', description: 'Late payments in the last 5 years', min: 0, max: 10 },
  { name: 'employment_type', type: 'categorical', description: 'Employment status', categories: [...EMPLOYMENT_TYPES] },
  { name: 'purpose', type: 'categorical', description: 'What the loan is for', categories: [...PURPOSES] },
];

export const CREDIT_LABEL: Label = { name: 'defaulted', classes: ['repaid', 'defaulted'] };

export const CREDIT_PROTECTED_ATTRIBUTES = [
  { name: 'gender', groups: [...GENDERS] },
  { name: 'age_band', groups: [...AGE_BANDS] },
];

export function featureRow(applicant: Applicant): number[] {
  return CREDIT_FEATURES.map((feature) => {
    const value = applicant[feature.name as keyof Applicant];
    return feature.type === 'categorical' ? feature.categories.indexOf(value as string) : (value as number);
  });
}

export function generateApplicants(count: number, seed: number): Applicant[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => generateApplicant(random));
}

function generateApplicant(random: SeededRandom): Applicant {
  const genderDraw = random.next();
  const gender = genderDraw < 0.49 ? 'female' : genderDraw < 0.97 ? 'male' : 'non_binary';
  const age = clamp(Math.round(42 + 13 * random.normal()), 18, 75);
  const employment_type = drawEmployment(random, age);

  const employmentIncome = { salaried: 1, self_employed: 1.1, unemployed: 0.35, retired: 0.6 }[employment_type];
  // The pay gap: the only route by which gender reaches the features.
  const genderIncome = { female: 0.88, male: 1, non_binary: 0.86 }[gender];
  const ageIncome = 1 + 0.012 * (Math.min(age, 55) - 35);
  const income = clamp(round(48 * Math.exp(0.45 * random.normal()) * employmentIncome * genderIncome * ageIncome, 1), 5, 400);

  const purpose = drawPurpose(random, age);
  const typicalLoan = { car: 22, home: 180, education: 25, business: 60 }[purpose];
  const loan_amount = clamp(round(typicalLoan * Math.exp(0.45 * random.normal()), 1), 1, 1000);

  const unemployed = employment_type === 'unemployed' ? 1 : 0;
  const debt_to_income = clamp(round(0.28 + 0.13 * random.normal() + 0.06 * Math.log(loan_amount / income) + 0.25 * unemployed, 3), 0, 1.5);
  const credit_history_years = clamp(round((age - 18) * (0.3 + 0.7 * random.next()), 1), 0, 40);
  const lateRate = Math.max(0.05, 0.3 + 1.6 * debt_to_income + 0.8 * unemployed - 0.01 * credit_history_years);
  const num_late_payments = Math.min(poisson(random, lateRate), 10);

  // Ground truth: a logistic model of the features plus noise the models never see.
  const logit =
    -2.0 +
    2.2 * (debt_to_income - 0.3) +
    // A kink past 60 % debt-to-income: something a non-linear model can pick up and a linear one cannot.
    2.5 * Math.max(0, debt_to_income - 0.6) +
    0.38 * num_late_payments -
    0.035 * credit_history_years -
    0.7 * Math.log(income / 48) +
    0.25 * Math.log(loan_amount / income) +
    { salaried: 0, self_employed: 0.35, unemployed: 0.9, retired: 0.1 }[employment_type] +
    { car: 0, home: -0.25, education: 0.25, business: 0.45 }[purpose] +
    (age < 25 ? 0.4 : 0) +
    0.3 * random.normal();
  const defaulted = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;

  const age_band = age < 30 ? 'under_30' : age <= 50 ? '30_to_50' : 'over_50';
  return { age, income, loan_amount, debt_to_income, credit_history_years, num_late_payments, employment_type, purpose, gender, age_band, defaulted };
}

function drawEmployment(random: SeededRandom, age: number): Applicant['employment_type'] {
  const draw = random.next();
  if (age >= 62) return draw < 0.7 ? 'retired' : draw < 0.85 ? 'salaried' : 'self_employed';
  return draw < 0.07 ? 'unemployed' : draw < 0.22 ? 'self_employed' : 'salaried';
}

function drawPurpose(random: SeededRandom, age: number): Applicant['purpose'] {
  const draw = random.next();
  // Younger applicants borrow for education more and for homes less.
  const [car, home, education] = age < 30 ? [0.35, 0.5, 0.85] : [0.35, 0.7, 0.78];
  return draw < car ? 'car' : draw < home ? 'home' : draw < education ? 'education' : 'business';
}

/** Knuth's method: fine for the small rates used here. */
function poisson(random: SeededRandom, rate: number): number {
  const limit = Math.exp(-rate);
  let k = 0;
  let product = random.next();
  while (product > limit) {
    k += 1;
    product *= random.next();
  }
  return k;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Rounded at generation, so the CSV holds exactly what the models were trained on. */
function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

const CSV_COLUMNS = [...CREDIT_FEATURES.map((f) => f.name), 'gender', 'age_band', 'defaulted'] as (keyof Applicant)[];

/** Canonical CSV (fixed column order, JavaScript number formatting, LF line ends): also what the dataset hash covers. */
export function applicantsCsv(applicants: readonly Applicant[]): string {
  const lines = applicants.map((a) => CSV_COLUMNS.map((column) => String(a[column])).join(','));
  return [CSV_COLUMNS.join(','), ...lines].join('\n') + '\n';
}
