import { Injectable } from '@nestjs/common';
import { formList } from '../common/views/forms.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import {
  userEditViewModel,
  usersIndexViewModel,
  type AdminFormState,
  type UserEditView,
  type UsersIndexView,
} from './users-admin.view-model.js';
import { UsersService } from './users.service.js';

/** Reads what the admins' user pages show and builds their view-models. */
@Injectable()
export class UsersAdminPageService {
  constructor(
    private readonly users: UsersService,
    private readonly lookups: LookupsService,
  ) {}

  async index(form: AdminFormState = {}): Promise<UsersIndexView> {
    const [users, states] = await Promise.all([
      this.users.list(),
      this.lookups.stateOptions(formList(form.values?.states)),
    ]);
    return usersIndexViewModel(users, states, form);
  }

  async edit(username: string, form: AdminFormState = {}): Promise<UserEditView> {
    const user = await this.users.get(username);
    const states = await this.lookups.stateOptions(
      form.values ? formList(form.values.states) : user.states,
    );
    return userEditViewModel(user, states, form);
  }
}
