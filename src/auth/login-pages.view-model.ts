import type { FormErrors } from '../common/views/forms.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

export interface LoginPageView {
  title: string;
  csrfToken: string;
  /** Where to go after signing in: a path on this site. */
  next: string;
  /** The username typed, kept after a refusal. */
  username?: string;
  /** Why the sign-in was refused. */
  error?: string;
}

export interface PasswordPageView {
  title: string;
  /** The password must be changed before anything else (first sign-in, after a reset). */
  mustChange: boolean;
  /** No navigation: before the change every other page sends the user back here. */
  bare: boolean;
  minLength: number;
  csrfToken: string;
  errors: FormErrors | undefined;
}

/** The sign-in page, with what was typed and the reason after a refusal. */
export function loginPageViewModel(
  csrfToken: string,
  form: { next: string; username?: string; error?: string },
): LoginPageView {
  return { title: 'Sign in', csrfToken, ...form };
}

/** The page to change one's own password, with the messages after a refusal. */
export function passwordPageViewModel(
  csrfToken: string,
  mustChange: boolean,
  errors?: FormErrors,
): PasswordPageView {
  return {
    title: 'Change your password',
    mustChange,
    bare: mustChange,
    minLength: MIN_PASSWORD_LENGTH,
    csrfToken,
    errors,
  };
}

/** Why sign-in is refused for a while, for the page. */
export function throttledMessage(by: 'address' | 'account', retryAfterSeconds: number): string {
  return by === 'address'
    ? 'Too many wrong passwords from your address. Wait a minute, then try again.'
    : `Too many wrong passwords for this username. Wait ${Math.ceil(retryAfterSeconds / 60)} minutes, then try again.`;
}
