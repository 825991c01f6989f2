import type { FormErrors } from '../common/views/forms.js';
import { Role, roleOptions } from './role.enum.js';
import type { UserView } from './user.view.js';

/** A form as posted: field → value. */
export type AdminForm = Record<string, unknown>;

/** How an admin form is shown: fresh, or again with the input and the messages. */
export interface AdminFormState {
  values?: AdminForm;
  errors?: FormErrors;
}

/** A State to tick, as the `state-select` partial draws it. */
export interface StateOption {
  iso3: string;
  name: string;
  selected: boolean;
}

export type RoleOption = ReturnType<typeof roleOptions>[number];

export interface UsersIndexView {
  title: string;
  users: UserView[];
  roles: RoleOption[];
  states: StateOption[];
  values: AdminForm;
  errors: FormErrors | undefined;
}

export interface UserEditView {
  title: string;
  user: UserView;
  displayName: unknown;
  active: boolean;
  roles: RoleOption[];
  states: StateOption[];
  errors: FormErrors | undefined;
}

export interface PasswordShownView {
  title: string;
  user: UserView;
  password: string | undefined;
  /** A reset rather than a new user. */
  reset: boolean;
}

/** The users list and the form to add one (an analyst by default). */
export function usersIndexViewModel(
  users: UserView[],
  states: StateOption[],
  form: AdminFormState,
): UsersIndexView {
  const values = form.values ?? {};
  return {
    title: 'Users',
    users,
    roles: roleOptions(values.role ?? Role.Analyst),
    states,
    values,
    errors: form.errors,
  };
}

/** One user's form: as saved, or as the admin typed it when it is shown again. */
export function userEditViewModel(
  user: UserView,
  states: StateOption[],
  form: AdminFormState,
): UserEditView {
  const values = form.values;
  return {
    title: `User ${user.username}`,
    user,
    displayName: values ? values.displayName : user.displayName,
    active: values ? values.active === 'true' : user.active,
    roles: roleOptions(values ? values.role : user.role),
    states,
    errors: form.errors,
  };
}

/** The password of a user just created or reset, shown this once. */
export function passwordShownViewModel(
  shown: { user: UserView; password?: string },
  reset: boolean,
): PasswordShownView {
  return {
    title: reset
      ? `New password for ${shown.user.username}`
      : `User ${shown.user.username} created`,
    user: shown.user,
    password: shown.password,
    reset,
  };
}
