/** The storefront's start: read where the API is (config.json), then show the shop. */
import { render, type ComponentChild } from 'preact';
import { App } from './app';
import { loadConfig } from './config';
import { problemWords } from './problem-words';
import './styles.css';

const root = document.getElementById('app') as HTMLElement;

/** Replaces what index.html shows while loading (render would keep it beside the app). */
const show = (app: ComponentChild) => {
  root.replaceChildren();
  render(app, root);
};

loadConfig().then(
  (config) => show(<App config={config} />),
  (error: unknown) =>
    show(
      <main id="main">
        <h1>The shop cannot open</h1>
        <p role="alert">{problemWords(error).message}</p>
      </main>,
    ),
);
