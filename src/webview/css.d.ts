/** esbuild bundles .css files imported by webview code as text (loader: { '.css': 'text' }). */
declare module '*.css' {
  const text: string;
  export default text;
}
