/**
 * Times the projector's projections (issues 6, 17) on n x dim clustered embeddings (default 70,000 x 128,
 * the size of all of Fashion-MNIST; 10 Gaussian clusters, seeded: a synthetic set, not a trained model's): PCA 2-D and 3-D, Barnes-Hut t-SNE 2-D, UMAP 2-D. Prints wall-clock
 * seconds, the process's CPU seconds (the honest number on a shared machine; tfjs-node's matMul may
 * use several threads) and a quality check (10-NN label purity in the layout, 1,000 sampled points).
 * Not a test. Usage: npm run bench:projections -- [--n 70000] [--dim 128] [--only pca,tsne,umap] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { initBackend, project, Random, type ProjectOptions } from '../../src/simclr/index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `clusters` unit-variance Gaussian clusters with centres ~N(0, 2^2) per coordinate. */
function clusteredEmbeddings(n: number, dim: number, clusters: number, seed: number) {
  const random = new Random(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, () => 2 * random.normal()));
  const vectors = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = random.int(clusters);
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = centres[labels[i]][d] + random.normal();
  }
  return { vectors, labels };
}

/** Fraction of the 10 nearest layout neighbours of 1,000 sampled points that share their cluster. */
function purity(points: Float32Array, n: number, dims: number, labels: Int32Array): number {
  const random = new Random(1);
  const k = 10;
  let same = 0,
    total = 0;
  for (let s = 0; s < Math.min(1000, n); s++) {
    const i = random.int(n);
    // The k nearest by insertion into a short sorted list: one pass over n, no full sort.
    const nearD = new Float64Array(k).fill(Infinity);
    const nearJ = new Int32Array(k).fill(-1);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let d = 0;
      for (let c = 0; c < dims; c++) d += (points[i * dims + c] - points[j * dims + c]) ** 2;
      if (d >= nearD[k - 1]) continue;
      let t = k - 1;
      for (; t > 0 && nearD[t - 1] > d; t--) {
        nearD[t] = nearD[t - 1];
        nearJ[t] = nearJ[t - 1];
      }
      nearD[t] = d;
      nearJ[t] = j;
    }
    for (const j of nearJ) if (j >= 0 && labels[j] === labels[i]) same++;
    total += k;
  }
  return same / total;
}

async function main(): Promise<void> {
  const n = Number(arg('n') ?? 70000);
  const dim = Number(arg('dim') ?? 128);
  const only = (arg('only') ?? 'pca,tsne,umap').split(',');
  const backend = await initBackend();
  const { vectors, labels } = clusteredEmbeddings(n, dim, 10, 42);
  const runs: ProjectOptions[] = [
    { method: 'pca', dims: 2 },
    { method: 'pca', dims: 3 },
    { method: 'tsne', dims: 2 },
    { method: 'umap', dims: 2 },
  ];
  console.log(
    `projections of ${n} x ${dim} (10 clusters), tf backend ${backend.name} (for the kNN products), ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}, Node ${process.version}`,
  );
  const records: Array<Record<string, string | number | Record<string, number>>> = [];
  for (const options of runs.filter((r) => only.includes(r.method))) {
    const phases: Record<string, number> = {};
    let phaseStart = performance.now();
    let phase = '';
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const points = await project(vectors, n, dim, {
      ...options,
      seed: 1,
      onProgress: (p) => {
        if (p.phase === phase) return;
        const now = performance.now();
        if (phase) phases[phase] = (now - phaseStart) / 1000;
        phase = p.phase;
        phaseStart = now;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    phases[phase] = (performance.now() - phaseStart) / 1000;
    const record = {
      method: options.method,
      dims: options.dims ?? 2,
      n,
      dim,
      seconds,
      cpuSeconds,
      purity10: purity(points, n, options.dims ?? 2, labels),
      phases,
      loadAfter: loadavg()[0],
    };
    records.push(record);
    const detail = Object.entries(phases)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ');
    console.log(
      `${`${options.method} ${record.dims}-D`.padEnd(10)} ${seconds.toFixed(2).padStart(7)} s wall ${cpuSeconds.toFixed(2).padStart(7)} s cpu   10-NN purity ${record.purity10.toFixed(3)}   (${detail})`,
    );
  }
  const json = arg('json');
  if (json) writeFileSync(json, JSON.stringify(records, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
