import { describe, expect, it } from 'vitest';
import { evidence } from './gate-fixtures';
import { onnxValidationGate } from './onnx-validation-gate';

const candidate = (status: string, statusReason: string | null = null) => ({ ...evidence().candidate, status, statusReason });

describe('onnx_validation gate', () => {
  it('passes a validated version and links to it', () => {
    const result = onnxValidationGate(evidence(), { required: true });
    expect(result).toMatchObject({ gate: 'onnx_validation', status: 'pass', link: '/models/credit-risk/versions/2' });
    expect(result.numbers).toEqual({ status: 'validated', validatedAt: '2025-01-01T00:00:00.000Z' });
  });

  it('passes versions past validation (in review, approved, deployed)', () => {
    for (const status of ['in_review', 'approved', 'deployed']) expect(onnxValidationGate(evidence({ candidate: candidate(status) }), { required: true }).status).toBe('pass');
  });

  it('is missing while validation is pending', () => {
    const result = onnxValidationGate(evidence({ candidate: candidate('registered') }), { required: true });
    expect(result.status).toBe('missing');
    expect(result.summary).toMatch(/waiting for ONNX validation/);
  });

  it('fails an invalid version with the validator reason', () => {
    const result = onnxValidationGate(evidence({ candidate: candidate('invalid', 'input has 3 features, schema declares 5') }), { required: true });
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('input has 3 features, schema declares 5');
  });
});
