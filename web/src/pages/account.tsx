/** Signing up and signing in: each a form whose problems show beside the fields they name. */
import { useState } from 'preact/hooks';
import { ProblemError } from '@shop/client';
import { useShop } from '../app';
import { Field, PageTitle, Problem, useSubmit } from '../ui';

const fieldsOf = (error: unknown) => (error instanceof ProblemError ? error.errors : []);

export function SignUpPage({ next }: { next?: string | undefined }) {
  const { shop, signedIn, navigate } = useShop();
  const [account, setAccount] = useState({ name: '', email: '', password: '' });
  const [state, submit] = useSubmit(async () => {
    await shop.signUp(account);
    await signedIn();
    navigate(next ?? '/');
  });
  const set = (key: keyof typeof account) => (event: { currentTarget: HTMLInputElement }) => setAccount({ ...account, [key]: event.currentTarget.value });
  return (
    <section class="narrow">
      <PageTitle title="Sign up">Open an account</PageTitle>
      <form onSubmit={submit} noValidate>
        {state.error !== undefined && <Problem error={state.error} />}
        <Field label="Name" name="name" autocomplete="name" required value={account.name} onInput={set('name')} errors={fieldsOf(state.error)} />
        <Field label="Email" name="email" type="email" autocomplete="email" required value={account.email} onInput={set('email')} errors={fieldsOf(state.error)} />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          hint="At least 10 characters, and not your email address."
          value={account.password}
          onInput={set('password')}
          errors={fieldsOf(state.error)}
        />
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Opening your account…' : 'Sign up'}
        </button>
      </form>
      <p>
        Have an account? <a href={next === undefined ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`}>Sign in</a>
      </p>
    </section>
  );
}

export function SignInPage({ next }: { next?: string | undefined }) {
  const { shop, signedIn, navigate } = useShop();
  const [credentials, setCredentials] = useState({ email: '', password: '' });
  const [state, submit] = useSubmit(async () => {
    await shop.signIn(credentials);
    await signedIn();
    navigate(next ?? '/');
  });
  const set = (key: keyof typeof credentials) => (event: { currentTarget: HTMLInputElement }) => setCredentials({ ...credentials, [key]: event.currentTarget.value });
  return (
    <section class="narrow">
      <PageTitle title="Sign in">Sign in</PageTitle>
      <form onSubmit={submit} noValidate>
        {state.error !== undefined && <Problem error={state.error} />}
        <Field label="Email" name="email" type="email" autocomplete="email" required value={credentials.email} onInput={set('email')} errors={fieldsOf(state.error)} />
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={credentials.password}
          onInput={set('password')}
          errors={fieldsOf(state.error)}
        />
        <button type="submit" disabled={state.busy}>
          {state.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <a href={next === undefined ? '/sign-up' : `/sign-up?next=${encodeURIComponent(next)}`}>Open an account</a>
      </p>
    </section>
  );
}
