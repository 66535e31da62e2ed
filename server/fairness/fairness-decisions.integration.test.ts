import { describe, expect, it } from 'vitest';
import { fairnessReports } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { seededRandom } from '@/server/statistics/seeded-random';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { ingestEventsEndpoint, recordLabelsEndpoint } from '@/server/traffic/events-api';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';
import { actorOf } from '@/server/trpc/context';
import { fakeUser } from '@/server/trpc/test-context';
import { getFairnessReport } from './fairness-queries';
import { runFairnessReport } from './fairness-runner';
import { requestFairnessReport } from './fairness-service';

// Fairness reports over traffic decide an event that logged only a score as its version does:
// score ≥ the version's stored threshold. Two versions serve the same scores and labels, one
// deciding at 0.7 and one at 0.5; each report's per-group confusion cells equal a count done
// here from the events, and the two differ. Models that make no binary decision get no report.

const database = await createDefaultTestDatabase();
const maintainer = actorOf(fakeUser(['maintainer'], '00000000-0000-4000-8000-00000000000c'), { ip: '127.0.0.1', userAgent: 'vitest' });
const now = new Date();
const random = seededRandom(70);
const N = 400;

type Cells = { tp: number; fp: number; tn: number; fn: number };

describe('fairness reports over traffic at the version’s threshold', () => {
  it('count each group’s confusion at score ≥ the version’s threshold', async () => {
    const model = await registerTrafficModel(database, 'fair-threshold', { thresholds: { 1: 0.7 } });
    const writer = (await createToken(database, systemActor('test'), { name: 'svc', scopes: ['events:write'] })).secret;
    const rows = Array.from({ length: N }, (_, i) => {
      const score = Math.fround(random.next());
      const gender = i % 3 === 0 ? 'female' : 'male';
      // Truth correlated with the score, so both thresholds see every cell.
      const defaulted = random.next() < score;
      return { i, score, gender, label: defaulted ? 'defaulted' : 'repaid' };
    });
    const events = [1, 2].flatMap((version) =>
      rows.map((r) => ({
        requestId: `v${version}-${r.i}`,
        time: new Date(now.getTime() - 3_600_000 - r.i * 1000).toISOString(),
        version,
        features: { age: 30, income: 10, employment: 'salaried', late_payments: 0 },
        prediction: { score: r.score },
        attributes: { gender: r.gender },
      })),
    );
    expect((await callEndpoint(ingestEventsEndpoint, { token: writer, json: { model: model.name, events } })).status).toBe(201);
    const labels = [1, 2].flatMap((version) => rows.map((r) => ({ requestId: `v${version}-${r.i}`, label: r.label })));
    expect((await callEndpoint(recordLabelsEndpoint, { token: writer, json: { model: model.name, labels } })).status).toBe(200);

    // The favourable class is the positive one ('defaulted', the second declared class).
    const expected = (threshold: number) => {
      const groups: Record<string, Cells> = { female: { tp: 0, fp: 0, tn: 0, fn: 0 }, male: { tp: 0, fp: 0, tn: 0, fn: 0 } };
      for (const r of rows) {
        const predicted = r.score >= threshold;
        const actual = r.label === 'defaulted';
        groups[r.gender]![predicted ? (actual ? 'tp' : 'fp') : actual ? 'fn' : 'tn'] += 1;
      }
      return groups;
    };
    const cells = async (version: number) => {
      const pending = await requestFairnessReport(database, maintainer, { model: model.name, version, days: 1 }, 'manual', now);
      expect(await runFairnessReport(database, pending.id)).toBe('completed');
      const { report } = await getFairnessReport(database, { model: model.name, id: pending.id });
      const gender = report!.groupings.find((g) => g.key === 'gender')!;
      return Object.fromEntries(gender.groups.map((g) => [g.values.gender, g.confusion]));
    };
    const strict = await cells(1);
    expect(strict).toEqual(expected(0.7));
    expect(await cells(2)).toEqual(expected(0.5));
    expect(strict).not.toEqual(expected(0.5));
  });
});

describe('fairness reports of models without binary decisions', () => {
  it('are refused with the reason, and nothing is stored', async () => {
    await registerTrafficModel(database, 'fair-regression', { taskType: 'regression' });
    const before = await database.select({ id: fairnessReports.id }).from(fairnessReports);
    const refusal = await requestFairnessReport(database, maintainer, { model: 'fair-regression', version: 1, days: 1 }, 'manual', now).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ status: 422, message: "Fairness reports judge a binary classifier's decisions per group; fair-regression is a regression model, which makes no decision." });
    expect(await database.select({ id: fairnessReports.id }).from(fairnessReports)).toEqual(before);
  });
});
