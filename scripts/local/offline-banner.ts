import { stripVTControlCharacters } from 'node:util';

/** A route as serverless-offline's box lists it: `GET    | http://127.0.0.1:3000/health`. */
const ROUTE = /^([A-Z]+) +\| *(.*)$/;
/** The path of serverless-offline's Lambda-invoke API, which only its Lambda port serves. */
const INVOKE_PATH = '/2015-03-31/functions/';
/** How serverless-offline lists a catch-all route: here serverless.yml's local one, which only answers 404. */
const CATCH_ALL = '/{default*}';

/**
 * serverless-offline's output as npm start passes it on: every line as it comes, except its box of
 * routes, which is printed without the box, without the Lambda-invoke path it lists under each route
 * on the HTTP port, where nothing serves it (the Lambda port does), and without the catch-all route
 * that answers what no route serves. The box is read as a pipe gets it, 80 columns wide, so a long
 * path may be cut over two lines.
 */
export function routesBanner(): { line(line: string): string[]; end(): string[] } {
  let box: string[] | undefined;
  const routesOf = (lines: string[]): Array<{ method: string; url: string }> => {
    const routes: Array<{ method: string; url: string }> = [];
    for (const line of lines.slice(1, -1)) {
      const inside = stripVTControlCharacters(line).replace(/^│|│$/g, '').trim();
      const route = ROUTE.exec(inside);
      const last = routes.at(-1);
      if (route !== null) routes.push({ method: String(route[1]), url: String(route[2]) });
      else if (inside !== '' && last !== undefined) last.url += inside;
    }
    return routes;
  };
  return {
    line(line) {
      const plain = stripVTControlCharacters(line);
      if (box === undefined && !plain.startsWith('┌')) return [line];
      if (box === undefined) {
        box = [line];
        return [];
      }
      if (!plain.startsWith('└')) {
        box.push(line);
        return [];
      }
      const lines = [...box, line];
      box = undefined;
      const routes = routesOf(lines);
      if (routes.length === 0) return lines;
      return routes
        .filter(({ url }) => !url.includes(INVOKE_PATH) && !url.endsWith(CATCH_ALL))
        .map(({ method, url }) => `  ${method.padEnd(6)} | ${url}`);
    },
    end() {
      const rest = box ?? [];
      box = undefined;
      return rest;
    },
  };
}
