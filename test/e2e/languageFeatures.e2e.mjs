/**
 * UI end-to-end test of issue 16 in a real VS Code (code-server 1.139.1) with Playwright and Debian's chromium:
 * typing in a cell of test/vscode/fixtures/language.ipynb offers `pretrain` (with its signature in the details)
 * and the option names of `pretrain(model, data, { bat` ; after Run All, the Look Twice panel's Variables tab
 * lists the tensor `firstImages` with its shape, the dataset and the model, the last cell's tensor memory, and
 * shows the tensor as an image on demand. Screenshots in test-results/e2e/language-*.png.
 *
 * usage: node test/e2e/languageFeatures.e2e.mjs [--verbose] [--timeout 300]
 */
import { runCommand, waitForFrame } from '../vscode/harness/browser.mjs';
import { appears, check, openNotebook, runE2e } from '../vscode/harness/e2e.mjs';

await runE2e('language', { screenshots: 'e2e/language-' }, async ({ page, args, log, shot }) => {
  await openNotebook(page, 'language.ipynb');
  const cells = page.locator('.notebook-editor .code-cell-row');
  log('language.ipynb open');

  // Completion: type `pre` at the end of the last cell and ask for suggestions. Escape in a notebook leaves the
  // cell editor, so each retry clicks back into it (the first request of a session parses tfjs's declarations).
  // Keys typed while something else has the focus (a notification, the kernel picker) are lost: each attempt
  // checks that the cell holds what was typed and replaces the cell's text with it if not.
  const lastCell = cells.nth(2).locator('.monaco-editor .view-lines');
  const suggest = page.locator('.editor-widget.suggest-widget');
  const cellText = async () => (await lastCell.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  const typeAtEnd = async (text) => {
    await lastCell.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
  };
  const suggestUntil = async (label, typed, afterEnd = 0) => {
    const end = Date.now() + Number(args.timeout) * 1000;
    let shown = [];
    for (let attempt = 0; ; attempt++) {
      if (!(await cellText()).includes(typed.trim())) {
        log(
          `attempt ${attempt}: the cell does not hold ${JSON.stringify(typed)} (${JSON.stringify(await cellText())}): typing it again`,
        );
        await lastCell.click();
        await page.keyboard.press('Control+A');
        await page.keyboard.type(typed);
      }
      await lastCell.click();
      await page.keyboard.press('Control+End');
      for (let i = 0; i < afterEnd; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Control+Space');
      if (await appears(suggest.locator('.monaco-list-row', { hasText: label }).first(), 5000)) return;
      shown = (
        await suggest
          .locator('.monaco-list-row')
          .allInnerTexts()
          .catch(() => [])
      ).map((r) => r.split('\n')[0]);
      if (args.verbose || attempt % 10 === 0) await shot(`no-${label}`);
      check(
        Date.now() < end,
        `no completion offered ${label}: the cell holds ${JSON.stringify(await cellText())}, the suggestions shown were ${JSON.stringify(shown.slice(0, 12))}`,
      );
    }
  };
  await typeAtEnd('pre');
  await suggestUntil('pretrain', 'pre');
  const rows = await suggest.locator('.monaco-list-row').allInnerTexts();
  log(
    `suggestions: ${rows
      .slice(0, 8)
      .map((r) => r.split('\n')[0])
      .join(', ')}`,
  );
  const focused = await suggest
    .locator('.monaco-list-row.focused')
    .innerText()
    .catch(() => '');
  check(/pretrain/.test(focused), `pretrain is the focused suggestion (${JSON.stringify(focused)})`);
  // The details pane of the focused item shows its signature (resolved lazily; Ctrl+Space toggles the pane).
  const detailsPane = page.locator('.suggest-details').first();
  let details = '';
  for (let tries = 0; ; tries++) {
    details = (await detailsPane.isVisible().catch(() => false)) ? await detailsPane.innerText().catch(() => '') : '';
    if (/pretrain\(model: SimclrModel, dataset: ImageDataset/.test(details.replace(/\s+/g, ' '))) break;
    check(tries < 60, `the details show the signature of pretrain: ${JSON.stringify(details)}`);
    if (tries % 10 === 0 && !(await detailsPane.isVisible().catch(() => false)))
      await page.keyboard.press('Control+Space');
    await page.waitForTimeout(500);
  }
  log(`details: ${JSON.stringify(details.slice(0, 160))}`);
  await shot('completion-pretrain');
  await page.keyboard.press('Escape');

  // Option names of pretrain's options object. The editor closes brackets itself: `pretrain(model, data, { bat})`.
  await typeAtEnd('train(model, data, { bat');
  await suggestUntil('batchSize', 'pretrain(model, data, { bat', 2);
  log('pretrain(model, data, { bat -> batchSize offered');
  await shot('completion-options');
  await page.keyboard.press('Escape');
  // Replace the typed, incomplete code with a cell that leaves an unnamed tensor alive (toFloat's result).
  await lastCell.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('const meanImage = tf.mean(firstImages.toFloat(), 0)\nmeanImage.shape');
  await runCommand(page, 'Notebook: Run All');
  const picker = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Look Twice (TypeScript)' }).first();
  if (await appears(picker, 3000)) await picker.click();
  log('Run All issued');

  await runCommand(page, 'Look Twice: Show Panel');
  const panel = await waitForFrame(page, () => document.querySelector('.lt-tabs') !== null, null, {
    what: 'Look Twice panel webview',
    timeout: 60_000,
  });
  await panel.click('.lt-tab[data-tab="variables"]');
  await panel.waitForFunction(() => document.querySelector('.lt-vars [data-name="firstImages"]') !== null, null, {
    timeout: Number(args.timeout) * 1000,
  });
  const row = (name) =>
    panel.evaluate((n) => document.querySelector(`.lt-vars [data-name="${n}"]`)?.textContent ?? '', name);
  const tensorRow = await row('firstImages');
  log(`firstImages: ${tensorRow}`);
  check(
    /Tensor4D int32tensor\[8, 28, 28, 1\] int32 · 25 KB/.test(tensorRow),
    `the tensor row has its shape: ${tensorRow}`,
  );
  check(/64 images \[28, 28, 1\]/.test(await row('data')), `dataset row: ${await row('data')}`);
  check(/SimclrModelmodel[\d,]+ parameters/.test(await row('model')), `model row: ${await row('model')}`);
  await panel.waitForFunction(() => /meanImage/.test(document.querySelector('.lt-memory')?.textContent ?? ''), null, {
    timeout: Number(args.timeout) * 1000,
  });
  const memory = await panel.locator('.lt-memory').innerText();
  log(`memory: ${JSON.stringify(memory)}`);
  check(
    /meanImage \[28, 28, 1\] float32/.test(memory) && /no variable: a leak\?/.test(memory),
    'the last cell lists meanImage and the unnamed toFloat() tensor it left alive',
  );
  await panel.click('.lt-vars [data-name="firstImages"] .lt-var-image');
  await panel.waitForFunction(
    () => {
      const canvas = document.querySelector('.lt-vars [data-name="firstImages"] canvas');
      if (!canvas) return false;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let lit = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 20) lit++;
      return lit > 50;
    },
    null,
    { timeout: 30_000 },
  );
  log('firstImages drawn as an image on demand');
  await shot('variables');
});
