// Drift engine benchmark: 1,000,000 current × 100,000 reference rows × 20 features (16
// numerical, 4 categorical; seeded; 5 features shifted), every statistic of every feature.
// Prints the engine's time (median of 3) beside the limit measured in the same run: the same
// columns extracted, radix-sorted and merged once for KS and Wasserstein in one tight loop,
// with nothing else. Run: npm run bench:drift  (or npx tsx bench/drift.ts)
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { computeDrift } from '@/server/drift/compute-drift';
import { computeDriftParallel } from '@/server/drift/compute-drift-parallel';
import { closeDriftThreads } from '@/server/drift/drift-thread-pool';
import type { DriftResult, FeatureMatrix } from '@/server/drift/drift-types';
import { buildReferenceProfile } from '@/server/drift/reference-profile';
import type { Feature } from '@/server/registry/feature-schema';
import { sortSampleInPlace } from '@/server/statistics/sorted-sample';
import { seededRandom } from '@/server/statistics/seeded-random';

const CURRENT_ROWS = Number(process.env.BENCH_CURRENT_ROWS ?? 1_000_000);
const REFERENCE_ROWS = Number(process.env.BENCH_REFERENCE_ROWS ?? 100_000);
const NUMERIC = 16;
const CATEGORICAL = 4;
const WIDTH = NUMERIC + CATEGORICAL;
const RUNS = 3;
/** BENCH_FLOAT64=1 stores the matrices as Float64Array (the production reader yields Float32). */
const FLOAT64 = process.env.BENCH_FLOAT64 === '1';

/** Seeded uniforms in [0, 1) (server/statistics/seeded-random: mulberry32). */
function uniforms(seed: number): () => number {
  const random = seededRandom(seed);
  return () => random.next();
}

const features: Feature[] = [
  ...Array.from({ length: NUMERIC }, (_, i): Feature => ({ name: `num_${i}`, type: 'numeric' })),
  ...Array.from({ length: CATEGORICAL }, (_, i): Feature => ({ name: `cat_${i}`, type: 'categorical', categories: Array.from({ length: 4 + 2 * i }, (_, k) => `c${k}`) })),
];
const SHIFTED = new Set([0, 5, 10, NUMERIC, NUMERIC + 2]);

function generate(rows: number, seed: number, drifting: boolean): FeatureMatrix {
  const u = uniforms(seed);
  const values = FLOAT64 ? new Float64Array(rows * WIDTH) : new Float32Array(rows * WIDTH);
  for (let r = 0; r < rows; r++) {
    const at = r * WIDTH;
    for (let f = 0; f < NUMERIC; f++) {
      const shift = drifting && SHIFTED.has(f) ? 0.3 : 0;
      const kind = f % 4;
      // Box–Muller normal, log-normal, uniform, and integer-valued (ties) columns; 1 % missing.
      const normal = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      let v = kind === 0 ? normal + shift : kind === 1 ? Math.exp(0.5 * normal + shift) : kind === 2 ? u() * 10 + shift * 3 : Math.floor(normal * 4 + 20 + shift * 4);
      if (u() < 0.01) v = Number.NaN;
      values[at + f] = v;
    }
    for (let c = 0; c < CATEGORICAL; c++) {
      const k = 4 + 2 * c;
      const skew = drifting && SHIFTED.has(NUMERIC + c) ? 0.5 : 1;
      values[at + NUMERIC + c] = Math.min(k - 1, Math.floor(k * u() ** skew));
    }
  }
  return { count: rows, width: WIDTH, values };
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** The floor: per column, extract finite values, radix-sort, one merge for KS D and W1; count categories. */
function tightLoop(reference: FeatureMatrix, current: FeatureMatrix): number {
  let checksum = 0;
  const extract = (m: FeatureMatrix, col: number) => {
    const out = m.values instanceof Float32Array ? new Float32Array(m.count) : new Float64Array(m.count);
    let n = 0;
    for (let r = 0, at = col; r < m.count; r++, at += m.width) {
      const v = m.values[at]!;
      if (v - v === 0) out[n++] = v;
    }
    return sortSampleInPlace(out.subarray(0, n));
  };
  for (let col = 0; col < NUMERIC; col++) {
    const a = extract(reference, col);
    const b = extract(current, col);
    const n1 = a.length;
    const n2 = b.length;
    let i = 0;
    let j = 0;
    let d = 0;
    let w = 0;
    let value = Math.min(a[0]!, b[0]!);
    for (;;) {
      while (i < n1 && a[i] === value) i++;
      while (j < n2 && b[j] === value) j++;
      const diff = i / n1 - j / n2;
      const abs = diff < 0 ? -diff : diff;
      if (abs > d) d = abs;
      let next: number;
      if (i < n1) next = j < n2 && b[j]! < a[i]! ? b[j]! : a[i]!;
      else if (j < n2) next = b[j]!;
      else break;
      w += abs * (next - value);
      value = next;
    }
    checksum += d + w;
  }
  for (let col = NUMERIC; col < WIDTH; col++) {
    for (const m of [reference, current]) {
      const counts = new Float64Array(16);
      for (let r = 0, at = col; r < m.count; r++, at += m.width) counts[m.values[at]!]!++;
      checksum += counts[0]!;
    }
  }
  return checksum;
}

async function main() {
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} (available parallelism ${os.availableParallelism()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);
  console.log(`data: ${CURRENT_ROWS.toLocaleString('en')} current × ${REFERENCE_ROWS.toLocaleString('en')} reference rows × ${WIDTH} features (${NUMERIC} numerical, ${CATEGORICAL} categorical), ${FLOAT64 ? 'Float64' : 'Float32'}`);
  let t = performance.now();
  const reference = generate(REFERENCE_ROWS, 1, false);
  const current = generate(CURRENT_ROWS, 2, true);
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

  // The first parallel call starts the pooled threads; later calls reuse them.
  t = performance.now();
  await computeDriftParallel({ features, profile: buildReferenceProfile(features, reference), reference, current });
  const coldParallel = performance.now() - t;

  const engine: number[] = [];
  const parallel: number[] = [];
  const floor: number[] = [];
  let result: DriftResult | null = null;
  let parallelResult: DriftResult | null = null;
  for (let run = 0; run < RUNS; run++) {
    t = performance.now();
    const profile = buildReferenceProfile(features, reference);
    result = computeDrift({ features, profile, reference, current });
    engine.push(performance.now() - t);

    t = performance.now();
    const parallelProfile = buildReferenceProfile(features, reference);
    parallelResult = await computeDriftParallel({ features, profile: parallelProfile, reference, current });
    parallel.push(performance.now() - t);

    t = performance.now();
    tightLoop(reference, current);
    floor.push(performance.now() - t);
  }
  const rows = CURRENT_ROWS + REFERENCE_ROWS;
  const line = (label: string, ms: number[]) => {
    const m = median(ms);
    console.log(`${label.padEnd(58)} ${(m / 1000).toFixed(3).padStart(7)} s  ${((rows * WIDTH) / (m / 1000) / 1e6).toFixed(1).padStart(6)} M values/s   runs: ${ms.map((x) => (x / 1000).toFixed(3)).join(', ')}`);
  };
  line('buildReferenceProfile + computeDrift (1 thread)', engine);
  line('buildReferenceProfile + computeDriftParallel (2 threads)', parallel);
  line('  first parallel call (starts the 2 pooled threads)', [coldParallel]);
  line('limit: extract + radix sort + KS/W1 merge, tight loop', floor);
  console.log(`\nengine / limit: ${(median(engine) / median(floor)).toFixed(2)}×   parallel / limit: ${(median(parallel) / median(floor)).toFixed(2)}×`);
  console.log(`same result from both engines: ${JSON.stringify(result) === JSON.stringify(parallelResult)}`);
  if (result) {
    console.log(`drifted: ${result.features.filter((f) => f.drifted).map((f) => `${f.feature} (${f.method} ${f.value.toPrecision(3)})`).join(', ')}; share ${result.driftShare}, dataset drift ${result.datasetDrift}`);
  }
  await closeDriftThreads();
}

await main();
