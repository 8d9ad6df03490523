/**
 * Representation health in a real VS Code (code-server, Playwright, Debian's chromium), issue 17: run
 * test/vscode/fixtures/health.ipynb (a SimCLR run with the training monitor every 2 steps, then a SimSiam
 * run without its stop-gradient that collapses), with the Look Twice panel open from the start. Checks that
 * the monitor's kNN accuracy and health charts appear in the Training tab WHILE the first run trains, its
 * snapshots reach the Inspect tab (projection, pairs drawn), that
 * the collapsing run raises the panel's warning banner and the cell's progress line warns too.
 * Screenshots: test-results/webview/vscode-health-*.png.
 *
 * usage: node test/webview/vscode/health.e2e.mjs [--verbose] [--timeout 300]
 */
import { runCommand, waitForFrame } from '../../vscode/harness/browser.mjs';
import { appears, check, openNotebook, runE2e } from '../../vscode/harness/e2e.mjs';

const HEALTH = ['knnAccuracy', 'alignment', 'uniformity', 'healthStdRatio', 'effectiveRank'];

/** Painted pixels of the canvas of the chart of `quantity` (runs inside the panel frame). */
function chartPixels(quantity) {
  const canvas = document.querySelector(`.lt-chart-section[data-quantity="${quantity}"] canvas`);
  if (!canvas || canvas.width === 0) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
  return painted;
}

await runE2e('health', { screenshots: 'webview/vscode-health-' }, async ({ page, args, log, shot }) => {
  await openNotebook(page, 'health.ipynb');
  await runCommand(page, 'Notebook: Run All');
  const picker = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Look Twice (TypeScript)' }).first();
  if (await appears(picker, 3000)) await picker.click();
  await runCommand(page, 'Look Twice: Show Panel');
  const panel = await waitForFrame(page, () => document.querySelector('.lt-tabs') !== null, null, {
    what: 'Look Twice panel webview',
    timeout: 60_000,
  });
  log('Run All issued, panel open; waiting for the monitor charts of the first run');

  const end = Date.now() + Number(args.timeout) * 1000;
  const failedCells = () => page.locator('.notebook-editor .code-cell-row .codicon-notebook-state-error').count();
  // Live: the kNN chart appears while the first run is still running (its status in the runs list).
  while (
    !(await panel
      .evaluate(() => document.querySelector('.lt-chart-section[data-quantity="knnAccuracy"] canvas') !== null)
      .catch(() => false))
  ) {
    check((await failedCells()) === 0, 'a notebook cell failed');
    check(Date.now() < end, `no kNN chart within ${args.timeout} s`);
    await page.waitForTimeout(250);
  }
  const liveStatus = await panel.evaluate(() =>
    [...document.querySelectorAll('.lt-run .lt-run-status')].map((s) => s.textContent),
  );
  log(`kNN chart appeared; run statuses then: ${JSON.stringify(liveStatus)}`);
  check(
    liveStatus.includes('running'),
    `the kNN chart should appear while the run trains, statuses ${JSON.stringify(liveStatus)}`,
  );
  await shot('live');

  await panel.waitForFunction(
    (names) => names.every((n) => document.querySelector(`.lt-chart-section[data-quantity="${n}"] canvas`)),
    HEALTH,
    { timeout: 120_000 },
  );
  await page.waitForTimeout(500);
  for (const name of HEALTH) {
    const painted = await panel.evaluate(chartPixels, name);
    check(painted > 200, `${name} chart pixels ${painted}`);
  }
  // The charts can be drawn before the fourth evaluation has arrived (a quiet machine draws them after step 6).
  await panel.waitForFunction(
    () => (window.lookTwicePanel.state().runs[0]?.series.knnAccuracy?.steps.length ?? 0) >= 4,
    null,
    { timeout: 120_000 },
  );
  const knn = await panel.evaluate(() => window.lookTwicePanel.state().runs[0].series.knnAccuracy);
  log(`monitor charts drawn; kNN accuracy of run 1 at steps ${knn.steps}: ${knn.values.map((v) => v.toFixed(3))}`);
  check(JSON.stringify(knn.steps.slice(0, 4)) === '[2,4,6,8]', `kNN steps ${knn.steps}`);

  // The Inspect tab: each evaluation's snapshot (typed arrays through VS Code's webview messaging) is drawn.
  await panel.click('.lt-tab[data-tab="inspect"]');
  await panel.waitForFunction(() => document.querySelector('.lt-pane-inspect')?.dataset.step !== undefined, null, {
    timeout: 60_000,
  });
  const inspected = await panel.evaluate(() => {
    const run = window.lookTwicePanel.state().runs.find((r) => r.snapshots.length > 0);
    const canvas = document.querySelector('.lt-inspect-projection');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return {
      steps: run.snapshots.map((s) => s.step),
      typed: run.snapshots[0].snapshot.points instanceof Float32Array,
      points: run.snapshots[0].snapshot.points.length,
      painted,
      pairs: document.querySelectorAll('.lt-inspect-pair').length,
    };
  });
  log(
    `Inspect tab: snapshots at steps ${inspected.steps}, ${inspected.points / 2} points (Float32Array: ${inspected.typed}), ${inspected.painted} projection pixels, ${inspected.pairs} pairs`,
  );
  check(
    inspected.typed && inspected.points === 2 * 128,
    `snapshot points ${inspected.points}, typed ${inspected.typed}`,
  );
  check(JSON.stringify(inspected.steps.slice(0, 4)) === '[2,4,6,8]', `snapshot steps ${inspected.steps}`);
  check(
    inspected.painted > 200 && inspected.pairs === 8,
    `projection pixels ${inspected.painted}, pairs ${inspected.pairs}`,
  );
  await shot('inspect');
  await panel.click('.lt-tab[data-tab="training"]');

  while (
    !(await panel.evaluate(() => {
      const w = document.querySelector('.lt-collapse-warning');
      return w !== null && !w.hidden;
    }))
  ) {
    check((await failedCells()) === 0, 'a notebook cell failed');
    check(Date.now() < end, `no collapse warning within ${args.timeout} s`);
    await page.waitForTimeout(500);
  }
  const warning = await panel.evaluate(() => document.querySelector('.lt-collapse-warning').textContent);
  log(`panel warning: ${warning}`);
  check(/^Representation collapsing since step \d+/.test(warning), `warning text ${warning}`);
  await panel.evaluate(() => window.scrollTo(0, 0));
  await shot('collapse');
  // The collapsing run's cell is below the first run's outputs: VS Code renders outputs only once they scroll into view.
  await page.mouse.move(900, 200);
  for (let i = 0; i < 6; i++) {
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(200);
  }
  const progress = await waitForFrame(
    page,
    (text) => document.body?.innerText.includes(text) ?? false,
    '⚠ representation collapsing',
    { timeout: 120_000, what: 'the collapse warning in the cell progress' },
  );
  log(
    `cell progress: ${(await progress.evaluate(() => document.body.innerText)).split('\n').find((l) => l.includes('collapsing'))}`,
  );
  await shot('progress');
});
