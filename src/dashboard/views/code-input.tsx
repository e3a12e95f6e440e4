import type { FC } from 'hono/jsx';
import type { T } from '../../i18n/translator';

/** The 6-digit code of an authenticator app, labelled, as phones offer to fill it in. */
export const CodeInput: FC<{ t: T; required?: boolean }> = (p) => (
  <>
    <label for="code">{p.t('staff:dashboard.login.code')}</label>
    <input
      id="code"
      name="code"
      inputmode="numeric"
      autocomplete="one-time-code"
      pattern="[0-9]{6}"
      required={p.required ?? false}
    />
  </>
);
