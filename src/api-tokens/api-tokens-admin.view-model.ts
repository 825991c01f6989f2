import type { FormErrors } from '../common/views/forms.js';
import { Role, roleOptions } from '../users/role.enum.js';
import type {
  AdminForm,
  AdminFormState,
  RoleOption,
  StateOption,
} from '../users/users-admin.view-model.js';
import type { ApiTokenView, IssuedApiToken } from './api-token.view.js';

export interface TokensIndexView {
  title: string;
  tokens: ApiTokenView[];
  roles: RoleOption[];
  states: StateOption[];
  values: AdminForm;
  errors: FormErrors | undefined;
}

export interface TokenIssuedView {
  title: string;
  token: ApiTokenView;
  secret: string;
}

/** The tokens list and the form to issue one (a viewer's by default). */
export function tokensIndexViewModel(
  tokens: ApiTokenView[],
  states: StateOption[],
  form: AdminFormState,
): TokensIndexView {
  const values = form.values ?? {};
  return {
    title: 'API tokens',
    tokens,
    roles: roleOptions(values.role ?? Role.Viewer),
    states,
    values,
    errors: form.errors,
  };
}

/** A token just issued, its secret shown this once. */
export function tokenIssuedViewModel(issued: IssuedApiToken): TokenIssuedView {
  return {
    title: `Token "${issued.token.name}" issued`,
    token: issued.token,
    secret: issued.secret,
  };
}
