import { Injectable } from '@nestjs/common';
import { formList } from '../common/views/forms.js';
import { LookupsService } from '../reference-data/lookups.service.js';
import type { AdminFormState } from '../users/users-admin.view-model.js';
import { tokensIndexViewModel, type TokensIndexView } from './api-tokens-admin.view-model.js';
import { ApiTokensService } from './api-tokens.service.js';

/** Reads what the admins' token page shows and builds its view-model. */
@Injectable()
export class ApiTokensAdminPageService {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly lookups: LookupsService,
  ) {}

  async index(form: AdminFormState = {}): Promise<TokensIndexView> {
    const [tokens, states] = await Promise.all([
      this.tokens.list(),
      this.lookups.stateOptions(formList(form.values?.states)),
    ]);
    return tokensIndexViewModel(tokens, states, form);
  }
}
