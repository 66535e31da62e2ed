import type { OnnxValidationConfig } from './gate-config';
import { evidenceLinks, type Gate } from './gate-types';

/** Statuses a version can only reach after passing ONNX validation. */
const VALIDATED = new Set(['validated', 'in_review', 'approved', 'deployed']);

/** The version loaded in onnxruntime and ran a synthetic batch. */
export const onnxValidationGate: Gate<OnnxValidationConfig> = (evidence) => {
  const { candidate, model } = evidence;
  const link = evidenceLinks.version(model.name, candidate.version);
  const numbers = { status: candidate.status, validatedAt: candidate.validatedAt };
  if (VALIDATED.has(candidate.status)) {
    return { gate: 'onnx_validation', status: 'pass', summary: `v${candidate.version} loaded in onnxruntime and ran a synthetic batch.`, numbers, link };
  }
  if (candidate.status === 'registered') {
    return { gate: 'onnx_validation', status: 'missing', summary: `v${candidate.version} is still waiting for ONNX validation.`, numbers, link };
  }
  const reason = candidate.statusReason ? `: ${candidate.statusReason}` : '.';
  return { gate: 'onnx_validation', status: 'fail', summary: `v${candidate.version} is ${candidate.status}${reason}`, numbers, link };
};
