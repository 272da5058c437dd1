const START = '<!-- the saga diagram: drawn from functions/orders/domain/saga.ts by `npm run docs:saga`; do not edit -->';
const END = '<!-- end of the saga diagram -->';

/** The diagram docs/saga.md shows now. */
export function diagramIn(doc: string): string | undefined {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return doc.slice(start + START.length, end).trim().replace(/^```mermaid\n/, '').replace(/\n```$/, '');
}

/** The doc with `diagram` between its markers. */
export function withDiagram(doc: string, diagram: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/saga.md has lost its markers: ${START} … ${END}`);
  return `${doc.slice(0, start + START.length)}\n\`\`\`mermaid\n${diagram}\n\`\`\`\n${doc.slice(end)}`;
}
