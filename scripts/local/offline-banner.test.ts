import { routesBanner } from './offline-banner.ts';

// serverless-offline's box of routes as it prints it to a pipe (80 columns): a route's Lambda-invoke
// path on the next line, or cut over two lines when it is too long for the box.
const BOX = `
┌──────────────────────────────────────────────────────────────────────────────┐
│                                                                              │
│   GET    | http://127.0.0.1:3000/health                                      │
│   POST   | http://127.0.0.1:3000/2015-03-31/functions/health/invocations     │
│   GET    | http://127.0.0.1:3000/registry                                    │
│   POST   |                                                                   │
│   http://127.0.0.1:3000/2015-03-31/functions/listServices/invocations        │
│   PATCH  | http://127.0.0.1:3000/products/{id}                               │
│   POST   | http://127.0.0.1:3000/2015-03-31/functions/notificationsHealth    │
│   /invocations                                                               │
│   POST   | http://127.0.0.1:3000/auth/login                                  │
│   POST   | http://127.0.0.1:3000/2015-03-31/functions/logIn/invocations      │
│   ANY    | http://127.0.0.1:3000/{default*}                                  │
│   POST   | http://127.0.0.1:3000/2015-03-31/functions/notFound/invocations   │
│                                                                              │
└──────────────────────────────────────────────────────────────────────────────┘
`.split('\n');

const printed = (lines: string[]) => {
  const banner = routesBanner();
  return [...lines.flatMap((line) => banner.line(line)), ...banner.end()];
};

describe("serverless-offline's output under npm start", () => {
  it('lists the HTTP routes without their Lambda-invoke paths, which the HTTP port does not serve, the catch-all, and the box', () => {
    expect(printed(BOX)).toEqual([
      '',
      '  GET    | http://127.0.0.1:3000/health',
      '  GET    | http://127.0.0.1:3000/registry',
      '  PATCH  | http://127.0.0.1:3000/products/{id}',
      '  POST   | http://127.0.0.1:3000/auth/login',
      '',
    ]);
  });

  it('reads the box through the colours a terminal would get', () => {
    const coloured = ['┌──┐', '│   \u001b[34mGET   \u001b[39m \u001b[33m|\u001b[39m http://127.0.0.1:3000/health   │', '└──┘'];

    expect(printed(coloured)).toEqual(['  GET    | http://127.0.0.1:3000/health']);
  });

  it('passes every other line on as it is, at once', () => {
    const banner = routesBanner();

    expect(banner.line('Server ready: http://127.0.0.1:3000 🚀')).toEqual(['Server ready: http://127.0.0.1:3000 🚀']);
    expect(banner.line('{"level":"INFO","message":"request handled"}')).toEqual(['{"level":"INFO","message":"request handled"}']);
  });

  it('passes a box that lists no routes on as it is, and one cut short by the end of the output', () => {
    expect(printed(['┌──┐', '│ a notice │', '└──┘'])).toEqual(['┌──┐', '│ a notice │', '└──┘']);
    expect(printed(['┌──┐', '│   GET    | http://127.0.0.1:3000/health   │'])).toEqual(['┌──┐', '│   GET    | http://127.0.0.1:3000/health   │']);
  });
});
