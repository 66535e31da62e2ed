import { describe, expect, it } from 'vitest';
import { featureListSchema } from '@/server/registry/feature-schema';
import { applicantsCsv, CREDIT_FEATURES, featureRow, generateApplicants, type Applicant } from './credit-data';

const applicants = generateApplicants(5000, 42);
const defaultRate = (group: Applicant[]) => group.reduce((sum, a) => sum + a.defaulted, 0) / group.length;

describe('generateApplicants', () => {
  it('is determined by its seed', () => {
    expect(generateApplicants(50, 42)).toEqual(applicants.slice(0, 50));
    expect(generateApplicants(50, 43)).not.toEqual(applicants.slice(0, 50));
  });

  it('keeps every feature inside the range and categories the schema declares', () => {
    expect(featureListSchema.safeParse(CREDIT_FEATURES).success).toBe(true);
    const outOfRange = applicants.flatMap((applicant) =>
      featureRow(applicant).flatMap((value, i) => {
        const feature = CREDIT_FEATURES[i]!;
        const fits = feature.type === 'numeric' ? value >= feature.min! && value <= feature.max! : Number.isInteger(value) && value >= 0 && value < feature.categories.length;
        return fits ? [] : [`${feature.name}=${value}`];
      }),
    );
    expect(outOfRange).toEqual([]);
    expect(applicants.every((a) => Number.isInteger(a.num_late_payments) && Number.isInteger(a.age))).toBe(true);
  });

  it('has a plausible default rate and a mild gender disparity without gender as a feature', () => {
    expect(defaultRate(applicants)).toBeGreaterThan(0.1);
    expect(defaultRate(applicants)).toBeLessThan(0.3);
    expect(CREDIT_FEATURES.map((f) => f.name)).not.toContain('gender');
    const female = defaultRate(applicants.filter((a) => a.gender === 'female'));
    const male = defaultRate(applicants.filter((a) => a.gender === 'male'));
    expect(female - male).toBeGreaterThan(0.01);
    expect(female - male).toBeLessThan(0.1);
  });

  it('writes a canonical CSV with the label and protected attributes', () => {
    const csv = applicantsCsv(applicants.slice(0, 2));
    const [header, first] = csv.split('\n');
    expect(header).toBe('age,income,loan_amount,debt_to_income,credit_history_years,num_late_payments,employment_type,purpose,gender,age_band,defaulted');
    expect(first!.split(',')).toHaveLength(11);
    expect(csv.endsWith('\n')).toBe(true);
  });
});
