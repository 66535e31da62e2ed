import { beforeAll, describe, expect, it } from 'vitest';
import { shadowRuns } from '@/db/schema';
import { createCaller } from '@/server/app-router';
import { createTestDatabase } from '@/server/testing/test-database';
import { registerTrafficModel, type TrafficFixture } from '@/server/traffic/traffic-fixtures';
import { contextFor, fakeUser } from '@/server/trpc/test-context';
import type { ShadowSummary } from './shadow-summary';

// shadow.ofVersion: the runs a version took part in, as the candidate and as the serving side.

const database = await createTestDatabase();
const caller = createCaller(contextFor(database, fakeUser(['viewer'])));
let model: TrafficFixture;

async function run(candidate: number, served: number[] | null, createdAt: Date, status: 'completed' | 'running' = 'completed') {
  const summary = served
    ? ({ rows: 100, servingVersions: served.map((v) => ({ versionId: model.versions.get(v)!, version: v, events: 100 / served.length })), agreement: { compared: 100, agreed: 90, rate: 0.9 }, labelled: null, regression: null } as unknown as ShadowSummary)
    : null;
  const [row] = await database
    .insert(shadowRuns)
    .values({ modelId: model.modelId, candidateVersionId: model.versions.get(candidate)!, status, summary, processedEvents: 100, totalEvents: 100, trigger: 'manual', createdBy: 'test', createdAt })
    .returning({ id: shadowRuns.id });
  return row!.id;
}

let v2AgainstV1: string, v3AgainstV1And2: string, v3Running: string;

beforeAll(async () => {
  model = await registerTrafficModel(database, 'shadowed', { versions: 3 });
  v2AgainstV1 = await run(2, [1], new Date('2026-11-01T00:00:00Z'));
  v3AgainstV1And2 = await run(3, [1, 2], new Date('2026-11-02T00:00:00Z'));
  v3Running = await run(3, null, new Date('2026-11-03T00:00:00Z'), 'running');
});

describe('shadow.ofVersion', () => {
  it('a version that served: listed as the baseline of the runs it served, never as a candidate', async () => {
    const v1 = await caller.shadow.ofVersion({ model: 'shadowed', version: 1 });
    expect(v1.asCandidate).toEqual([]);
    expect(v1.asBaseline.map((r) => r.id)).toEqual([v3AgainstV1And2, v2AgainstV1]);
    expect(v1.asBaseline[1]).toMatchObject({ candidateVersion: 2, servingVersions: [{ version: 1, events: 100 }], headline: { agreement: 0.9 } });
  });

  it('a version that was both: its own runs as candidate (newest first, running ones without a baseline yet)', async () => {
    const v2 = await caller.shadow.ofVersion({ model: 'shadowed', version: 2 });
    expect(v2.asCandidate.map((r) => r.id)).toEqual([v2AgainstV1]);
    expect(v2.asBaseline.map((r) => r.id)).toEqual([v3AgainstV1And2]);
    const v3 = await caller.shadow.ofVersion({ model: 'shadowed', version: 3 });
    expect(v3.asCandidate.map((r) => [r.id, r.servingVersions])).toEqual([[v3Running, null], [v3AgainstV1And2, [{ version: 1, events: 50 }, { version: 2, events: 50 }]]]);
    expect(v3.asBaseline).toEqual([]);
  });

  it('404 for an unknown model or version', async () => {
    await expect(caller.shadow.ofVersion({ model: 'shadowed', version: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.shadow.ofVersion({ model: 'no-such-model', version: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
