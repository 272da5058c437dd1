// The renderer's script, imported as text (`with { type: 'text' }`, which esbuild bundles as a string).
declare module 'redoc/bundles/redoc.standalone.js' {
  const text: string;
  export default text;
}
