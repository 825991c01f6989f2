import type { ClassConstructor } from 'class-transformer';
import type { Request, Response } from 'express';
import type { SessionData } from 'express-session';
import { formRefusalOf, type FormRefusalKind } from '../error-mapping.js';
import { DomainError, validationError, type FieldProblem } from '../errors.js';
import {
  formErrors,
  rememberRecord,
  validateForm,
  type FormErrors,
  type RowConfirmation,
} from './forms.js';

/** A message shown once at the top of the next page. */
export type Flash = NonNullable<SessionData['flash']>;

/** A page shown at once: its template, its view-model and the HTTP status. */
export interface ShownPage<V extends object = object> {
  status: number;
  template: string;
  view: V;
}

/** Where a form goes after a success (303, post-redirect-get), and what the next page says. */
export interface FormRedirect {
  redirect: string;
  /** Shown once at the top of the next page. */
  flash?: Flash;
  /** After an assessment: the as-of date entered, which the next assessment form starts with. */
  assessedOn?: string;
  /** With `assessedOn`: shown once in the row (or on the pair page) the record was made from. */
  confirmation?: RowConfirmation;
}

/** A success answers with a redirect, or with a page (a password or secret shown this once). */
export type FormSuccess = FormRedirect | ShownPage;

/** Why the form is shown again, for its page to show beside the user's values. */
export interface FormAgain {
  kind: FormRefusalKind;
  /** 400 for invalid input, 409 for a stale version or a conflict. */
  status: number;
  /** The problems as the rules or the service gave them (lines of an imported file included). */
  problems: FieldProblem[];
  /**
   * The messages as the form shows them, fields named by their labels; a refusal that names no
   * field is one message for the whole form.
   */
  errors: FormErrors;
  /** A stale version's state now, when the refusal carries it (its type is the service's). */
  current: unknown;
  /** The refusal itself, for a page that shows more of it. */
  error: DomainError;
}

/** One form's workflow: validate, act, then redirect with a message or show the form again. */
export interface FormFlow<T extends object, R> {
  /** The DTO class the fields are checked against (the JSON API's rules); none: `fields` as they are. */
  dto?: ClassConstructor<T>;
  /** What the form sent, as the DTO (or `run`) takes it; none for a form that is a button. */
  fields?: unknown;
  /** Field → the label the page shows beside it, for the messages. */
  labels?: Readonly<Record<string, string>>;
  /** The refusals that show the form again; any other error reaches the error page. Default: invalid input. */
  showAgainOn?: readonly FormRefusalKind[];
  /** The one service call; it refuses with a domain error. */
  run(value: T): Promise<R>;
  /** After a success: where to go and what to say, or a page to show. */
  done(result: R, value: T): FormSuccess | Promise<FormSuccess>;
  /**
   * The page the form is on, shown again on a refusal it shows: its template, and its view-model
   * with the user's values and the messages. None (a button, say): every refusal reaches the
   * error page.
   */
  again?: { template: string; view(refusal: FormAgain): object | Promise<object> };
}

/**
 * The one form workflow of the pages: the fields are checked against the DTO, the service runs,
 * and a success redirects (303) with its message, or shows its page. A refusal the form shows
 * (invalid input by default; a stale version or a conflict where the form asks for them) renders
 * the form's page again at 400 or 409, with the messages beside their fields; anything else
 * goes on to the error page.
 */
export async function submitForm<T extends object, R>(
  req: Request,
  res: Response,
  flow: FormFlow<T, R>,
): Promise<void> {
  const showAgainOn = flow.showAgainOn ?? ['invalid'];
  let value: T;
  let answer: FormSuccess;
  try {
    if (flow.dto) {
      const form = await validateForm(flow.dto, flow.fields);
      if (form.problems) throw validationError(form.problems);
      value = form.value;
    } else {
      value = (flow.fields ?? {}) as T;
    }
    answer = await flow.done(await flow.run(value), value);
  } catch (err) {
    const refusal = formRefusalOf(err);
    const again = flow.again;
    if (!again || !refusal || !showAgainOn.includes(refusal.kind)) throw err;
    const problems =
      refusal.problems.length > 0
        ? refusal.problems
        : [{ field: '', rule: refusal.kind, message: refusal.message }];
    res.status(refusal.status);
    const view = await again.view({
      kind: refusal.kind,
      status: refusal.status,
      problems: refusal.problems,
      errors: formErrors(problems, flow.labels),
      current: refusal.current,
      error: err as DomainError,
    });
    res.render(again.template, view);
    return;
  }
  if ('template' in answer) {
    res.status(answer.status).render(answer.template, answer.view);
    return;
  }
  remember(req.session, answer);
  res.redirect(303, answer.redirect);
}

/** What the session keeps of a success for the next page. */
function remember(session: Request['session'] | undefined, answer: FormRedirect): void {
  if (!session) return;
  if (answer.flash) session.flash = answer.flash;
  if (answer.assessedOn !== undefined) {
    rememberRecord(session, answer.assessedOn, answer.confirmation);
  }
}
