/**
 * Theme changes in a webview: VS Code rewrites the CSS variables on <html> (style attribute) and the
 * vscode-light/vscode-dark class on <body> when the user switches theme. DOM styled with var(--vscode-*)
 * follows by itself; canvases that copied colours (uPlot axes and series) must redraw.
 */

/** Calls `listener` once per animation frame in which the theme changed; returns the unsubscribe. */
export function onThemeChange(listener: () => void): () => void {
  let frame = 0;
  const observer = new MutationObserver(() => {
    if (frame === 0)
      frame = requestAnimationFrame(() => {
        frame = 0;
        listener();
      });
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
  };
}
