/** The storefront's start: read where the API is (config.json), then show the shop. */
import { render } from 'preact';
import { App } from './app';
import { loadConfig } from './config';
import { problemWords } from './problem-words';
import './styles.css';

const root = document.getElementById('app') as HTMLElement;

loadConfig().then(
  (config) => render(<App config={config} />, root),
  (error: unknown) =>
    render(
      <main id="main">
        <h1>The shop cannot open</h1>
        <p role="alert">{problemWords(error).message}</p>
      </main>,
      root,
    ),
);
