import type { Evidence, ShadowEvidence } from './gate-types';

// Evidence builders for gate unit tests.

export function evidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    model: { id: 'm1', name: 'credit-risk', taskType: 'binary_classification' },
    environment: 'production',
    kind: 'promotion',
    candidate: { id: 'v2', version: 2, status: 'validated', statusReason: null, metrics: { auc: 0.78, log_loss: 0.36 }, validatedAt: '2025-01-01T00:00:00.000Z' },
    serving: { id: 'v1', version: 1, status: 'validated', statusReason: null, metrics: { auc: 0.77, log_loss: 0.51 }, validatedAt: '2024-12-01T00:00:00.000Z' },
    shadow: null,
    openAlerts: [],
    fairness: null,
    ...overrides,
  };
}

export function shadow(overrides: Partial<ShadowEvidence> = {}): ShadowEvidence {
  return {
    runId: '00000000-0000-4000-8000-00000000aaaa',
    finishedAt: '2025-01-02T00:00:00.000Z',
    events: 2000,
    servingVersion: null,
    agreementRate: 0.95,
    labeledEvents: 1500,
    candidateAccuracy: 0.86,
    servingAccuracy: 0.855,
    accuracyDifference: 0.005,
    accuracyDifferenceLower: -0.01,
    accuracyDifferenceUpper: 0.02,
    confidenceLevel: 0.95,
    mcnemarPValue: 0.4,
    ...overrides,
  };
}
