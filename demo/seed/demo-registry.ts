import { createReadStream } from 'node:fs';
import type { Database } from '@/db/client';
import { loadSampleManifest, samplePath, type SampleModel } from '../samples/sample-manifest';
import { artifactStore } from '@/server/artifacts/current-store';
import { systemActor } from '@/server/auth/actor';
import { recordRelease } from '@/server/inbound-webhooks/record-release';
import { createModel } from '@/server/registry/models-service';
import { registerVersion } from '@/server/registry/versions-service';

const CARDS: Record<string, { description: string; tags: string[]; repository?: string; card: Record<string, string> }> = {
  'credit-risk': {
    description: 'Probability that a consumer-loan applicant defaults within 12 months.',
    tags: ['credit', 'tabular', 'demo'],
    card: {
      intendedUse: 'Ranks consumer-loan applications by default risk to route them to manual review. Not for automatic rejection.',
      limitations: 'Trained on synthetic applicants aged 18–75; recall on defaulters is low at the 0.5 threshold.',
      trainingData: 'credit-applicants-synthetic: 8,000 seeded synthetic applicants; gender and age band kept aside as protected attributes.',
      ethicalConsiderations:
        'Income carries a gender pay gap, so default rates differ by gender; the legacy scorecard recorded half the young applicants who would have repaid as defaults, so v1 and v3, trained on its history, over-reject applicants under 30. Review fairness per gender and age band before each promotion.',
      decisions: 'v2 trains longer with weaker regularisation on true outcomes: better calibrated (log loss 0.36 vs 0.54) and fair across age bands. v3 (legacy history) is not to be promoted.',
    },
  },
  'credit-risk-mlp': {
    description: 'Experimental small neural network on the same features as credit-risk.',
    tags: ['credit', 'experimental', 'demo'],
    card: { intendedUse: 'Challenger to credit-risk, evaluated in shadow only.', limitations: 'One hidden layer of 16 units; not yet reviewed.', trainingData: 'Same as credit-risk.', ethicalConsiderations: '', decisions: '' },
  },
  'credit-limit': {
    description: 'Credit limit (thousands) to offer an approved applicant: a regression model.',
    tags: ['credit', 'regression', 'demo'],
    repository: 'acme/credit-limits',
    card: {
      intendedUse: 'Proposes a starting credit limit for an underwriter to confirm. Not for automatic limits.',
      limitations: 'Linear in the features: under-predicts the highest incomes and misses the affordability kink past 15 % debt-to-income.',
      trainingData: 'synthetic-credit-limits: 4,000 seeded synthetic applicants with the limit a lender granted.',
      ethicalConsiderations: 'Income carries a gender pay gap, and the limit follows income.',
      decisions: 'v2 trains to convergence: MAE 2.9 vs 5.1 thousand on the held-out split.',
    },
  },
  'risk-grade': {
    description: 'Risk grade A (lowest) to D (highest) an analyst would assign: a multiclass model.',
    tags: ['credit', 'multiclass', 'demo'],
    repository: 'acme/risk-grades',
    card: {
      intendedUse: 'Pre-fills the risk grade of an application for an analyst to confirm.',
      limitations: 'Softmax regression: linear decision boundaries between neighbouring grades.',
      trainingData: 'synthetic-risk-grades: 4,000 seeded synthetic applicants graded from their risk factors.',
      ethicalConsiderations: '',
      decisions: 'v2 trains to convergence: accuracy 72 % vs 54 %, macro F1 0.71 vs 0.38 on the held-out split.',
    },
  },
};

const repositoryOf = (model: string) => CARDS[model]?.repository ?? 'acme/credit-risk';

async function registerSample(database: Database, sample: SampleModel, tag: string) {
  const ci = systemActor('github-actions (demo)');
  await artifactStore().put(createReadStream(samplePath(sample.file)), { expectedSha256: sample.sha256, maxBytes: sample.sizeBytes });
  return registerVersion(database, ci, sample.modelName, {
    artifactSha256: sample.sha256,
    description: sample.description,
    gitSha: sample.gitSha,
    repository: repositoryOf(sample.modelName),
    ciRunUrl: sample.ciRunUrl,
    releaseTag: tag,
    datasetName: sample.dataset.name,
    datasetHash: sample.dataset.sha256,
    hyperparameters: sample.hyperparameters,
    metrics: sample.metrics,
  });
}

/**
 * The models trained by `npm run samples` (binary credit-risk and its MLP challenger,
 * regression credit-limit, multiclass risk-grade) with their versions, registered through
 * the same services CI uses; the worker validates them as soon as it starts.
 */
export async function seedDemoRegistry(database: Database, ownerEmail: string): Promise<void> {
  const manifest = await loadSampleManifest();
  const seed = systemActor('demo seed');
  const names = [...new Set(manifest.models.map((m) => m.modelName))];
  for (const name of names) {
    const first = manifest.models.find((m) => m.modelName === name)!;
    const about = CARDS[name] ?? { description: first.description, tags: ['demo'], card: {} };
    await createModel(database, seed, {
      name,
      description: about.description,
      taskType: first.taskType,
      tags: about.tags,
      repository: repositoryOf(name),
      features: first.featureSchema,
      label: first.label,
      protectedAttributes: first.protectedAttributes.map((p) => p.name),
      ownerEmail,
      card: { intendedUse: '', limitations: '', trainingData: '', ethicalConsiderations: '', decisions: '', ...about.card },
    });
  }
  for (const sample of [...manifest.models].sort((a, b) => a.version - b.version)) {
    const tag = `${sample.modelName}@${sample.version}.0.0`;
    const { model } = await registerSample(database, sample, tag);
    await database.transaction((tx) =>
      recordRelease(tx, systemActor('github webhook'), model, {
        source: 'github',
        kind: 'github_release',
        name: `${sample.modelName} ${sample.version}.0.0`,
        tag,
        gitSha: sample.gitSha,
        url: `https://github.com/${repositoryOf(sample.modelName)}/releases/tag/${encodeURIComponent(tag)}`,
        runUrl: sample.ciRunUrl,
      }),
    );
  }
}
