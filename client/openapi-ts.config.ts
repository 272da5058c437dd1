// `npm run generate -w client`: the typed SDK in src/generated/, from the API's OpenAPI document.
// Committed; a test fails when it is stale against docs/openapi.json (client/test/generated.test.ts).
export default {
  input: '../docs/openapi.json',
  output: 'src/generated',
  plugins: ['@hey-api/client-fetch'],
  logs: { file: false },
};
