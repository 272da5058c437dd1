/** A route as the stacks or the document name it: the function (operationId), method and path, and who may call it. */
export type RouteLine = { operation: string; route: string; auth: string };

/** How the document's routes differ from the stacks': one line per difference, none when they agree. */
export function routeDrift(stacks: readonly RouteLine[], document: readonly RouteLine[]): string[] {
  const inDocument = new Map(document.map((line) => [line.route, line]));
  const inStacks = new Map(stacks.map((line) => [line.route, line]));
  return [
    ...stacks.flatMap(({ operation, route, auth }) => {
      const described = inDocument.get(route);
      if (described === undefined) return [`${route} (${operation}, ${auth}) is in the stacks but not in the document`];
      return [
        ...(described.auth === auth ? [] : [`${route} (${operation}): the stacks guard it with ${auth}, the document with ${described.auth}`]),
        ...(described.operation === operation ? [] : [`${route}: the stacks' function is ${operation}, the document's operationId ${described.operation}`]),
      ];
    }),
    ...document.filter(({ route }) => !inStacks.has(route)).map(({ operation, route, auth }) => `${route} (${operation}, ${auth}) is in the document but in no stack`),
  ];
}
