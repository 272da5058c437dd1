/**
 * The assignments of an UpdateExpression's SET that give each attribute its value (`#a = :a`), with
 * the names and values they use. Only these attributes change, so concurrent changes of others stay.
 */
export function assignments(attributes: Readonly<Record<string, unknown>>) {
  const names = Object.keys(attributes);
  return {
    set: names.map((name) => `#${name} = :${name}`),
    names: Object.fromEntries(names.map((name) => [`#${name}`, name])),
    values: Object.fromEntries(names.map((name) => [`:${name}`, attributes[name]])),
  };
}
