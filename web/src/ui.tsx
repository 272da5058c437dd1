/** The pieces every page uses: loading what a page shows, problems in words, badges, pagers. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ProblemError, type FieldError, type Order } from '@shop/client';
import { stateWords, tone } from './order-words';
import { problemWords } from './problem-words';

export type Loaded<T> = { data?: T; error?: unknown; loading: boolean; reload: () => void };

/** Runs `load` when `deps` change (and on reload), keeping the last answer or failure. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, reload };
}

/** An answer that refuses (a 4xx other than 429): asking again the same way gets the same answer. */
export const isRefusal = (error: unknown): boolean => error instanceof ProblemError && error.status < 500 && error.status !== 429;

export type Polled<T> = { data?: T; error?: unknown; /** When `data` was read (epoch ms). */ at?: number };

/**
 * Runs `load` when `deps` change, then again `everyMs` after each answer until the page is left. The
 * last answer stays shown while a later ask fails; an answer that refuses (a 4xx) is not asked again.
 */
export function usePolled<T>(load: () => Promise<T>, deps: readonly unknown[], everyMs: number): Polled<T> {
  const [state, setState] = useState<Polled<T>>({});
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({});
    const look = () =>
      load().then(
        (data) => {
          if (stopped) return;
          setState({ data, at: Date.now() });
          timer = setTimeout(look, everyMs);
        },
        (error: unknown) => {
          if (stopped) return;
          setState((previous) => ({ ...previous, error }));
          if (!isRefusal(error)) timer = setTimeout(look, everyMs);
        },
      );
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [...deps, everyMs]);
  return state;
}

/**
 * A failure in the problem's words; `role="alert"` so that a screen reader says it at once. Bad input
 * is said field by field (its detail says the same, joined into one line).
 */
export function Problem({ error, children }: { error: unknown; children?: ComponentChildren }) {
  const { message, fields } = problemWords(error);
  return (
    <div class="problem" role="alert">
      {fields.length === 0 ? (
        <p>{message}</p>
      ) : (
        <>
          <p>Please check {fields.length === 1 ? 'this field' : 'these fields'}:</p>
          <ul>
            {fields.map(({ field, reason }) => (
              <li key={field}>
                <strong>{field}</strong>: {reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {children}
    </div>
  );
}

export const Loading = ({ what }: { what: string }) => (
  <p class="loading" role="status">
    Loading {what}…
  </p>
);

export function StateBadge({ state }: { state: Order['state'] }) {
  return (
    <span class={`badge badge-${tone(state)}`} title={stateWords(state)}>
      {state}
    </span>
  );
}

type FieldProps = {
  label: string;
  /** The input's name: the field the API names in its problem (`priceCents`, `email`). */
  name: string;
  value: string;
  onInput: (event: { currentTarget: HTMLInputElement }) => void;
  errors?: readonly FieldError[] | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'number';
  autocomplete?: string;
  inputMode?: 'numeric' | 'decimal';
  required?: boolean;
  min?: number;
  maxLength?: number;
};

/** A labelled input whose field error (from the API's problem) sits under it and is tied to it. */
export function Field({ label, name, errors, hint, type = 'text', ...input }: FieldProps) {
  const reason = errors?.find((error) => error.field === name)?.reason;
  const id = `field-${name}`;
  const described = [hint === undefined ? undefined : `${id}-hint`, reason === undefined ? undefined : `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {/* Preact's types tell input types apart by the attributes each takes; these four take the ones given here. */}
      <input id={id} name={name} {...({ type } as { type: 'text' })} aria-invalid={reason === undefined ? undefined : true} aria-describedby={described === '' ? undefined : described} {...input} />
      {hint !== undefined && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {reason !== undefined && (
        <small id={`${id}-error`} class="field-error">
          {reason}
        </small>
      )}
    </div>
  );
}

/** The page's heading and the window's title. The app moves focus here when the page changes (app.tsx). */
export function PageTitle({ children, title }: { children: ComponentChildren; title: string }) {
  useEffect(() => {
    document.title = `${title} · Shop`;
  }, [title]);
  return <h1 tabIndex={-1}>{children}</h1>;
}

export const shortId = (id: string): string => id.slice(0, 8);

export const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

type Submitting = { busy: boolean; error?: unknown };

/** A form's submission: busy while it runs (a second press meanwhile does nothing), its failure kept to show. */
export function useSubmit(run: () => Promise<void>): [Submitting, (event: Event) => void] {
  const [state, setState] = useState<Submitting>({ busy: false });
  const submit = (event: Event) => {
    event.preventDefault();
    if (state.busy) return;
    setState({ busy: true });
    run().then(
      () => setState({ busy: false }),
      (error: unknown) => setState({ busy: false, error }),
    );
  };
  return [state, submit];
}
