import { jest } from '@jest/globals';
import type { Request, Response } from 'express';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ConflictError, fieldError, NotFoundError, StaleVersionError } from '../errors.js';
import { submitForm, type FormAgain } from './form-flow.js';

class RenameDto {
  @IsString()
  @MaxLength(5)
  name!: string;

  @IsOptional()
  @IsIn(['a', 'b'])
  kind?: string;
}

/** A response that records what the flow answered. */
function fakeResponse() {
  const sent: { status?: number; template?: string; view?: object; redirect?: [number, string] } =
    {};
  const res = {
    status(code: number) {
      sent.status = code;
      return res;
    },
    render(template: string, view: object) {
      sent.template = template;
      sent.view = view;
    },
    redirect(code: number, url: string) {
      sent.redirect = [code, url];
    },
  };
  return { res: res as unknown as Response, sent };
}

function fakeRequest(): Request {
  return { session: {} } as unknown as Request;
}

const labels = { name: 'Name' };

describe('submitForm: the one form workflow', () => {
  it('runs the service with the checked value, then redirects (303) with its message', async () => {
    const req = fakeRequest();
    const { res, sent } = fakeResponse();
    const run = jest.fn((v: RenameDto) => Promise.resolve(v.name.toUpperCase()));
    await submitForm(req, res, {
      dto: RenameDto,
      fields: { name: 'abc' },
      labels,
      run,
      done: (result) => ({
        redirect: '/things',
        flash: { kind: 'success', text: `Renamed ${result}.` },
        assessedOn: '2010-01-01',
      }),
      again: { template: 'pages/form', view: () => ({}) },
    });
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ name: 'abc' }));
    expect(sent.redirect).toEqual([303, '/things']);
    expect(req.session.flash).toEqual({ kind: 'success', text: 'Renamed ABC.' });
    expect(req.session.lastAssessedOn).toBe('2010-01-01');
  });

  it('shows a page at once when the success is one (a secret shown once)', async () => {
    const { res, sent } = fakeResponse();
    await submitForm(fakeRequest(), res, {
      dto: RenameDto,
      fields: { name: 'abc' },
      run: () => Promise.resolve('secret'),
      done: (secret) => ({ status: 201, template: 'pages/issued', view: { secret } }),
    });
    expect(sent).toMatchObject({
      status: 201,
      template: 'pages/issued',
      view: { secret: 'secret' },
    });
  });

  it('shows the form again (400) with the rules broken, named by their labels, never running the service', async () => {
    const { res, sent } = fakeResponse();
    const run = jest.fn(() => Promise.resolve('never'));
    let seen: FormAgain | undefined;
    await submitForm(fakeRequest(), res, {
      dto: RenameDto,
      fields: { name: 'much too long' },
      labels,
      run,
      done: () => ({ redirect: '/' }),
      again: {
        template: 'pages/form',
        view: (refusal) => {
          seen = refusal;
          return { errors: refusal.errors };
        },
      },
    });
    expect(run).not.toHaveBeenCalled();
    expect(sent.status).toBe(400);
    expect(sent.template).toBe('pages/form');
    expect(seen?.kind).toBe('invalid');
    expect(seen?.errors.byField.name).toBe('Name must be shorter than or equal to 5 characters');
  });

  it("shows the form again (400) with the service's refusal of the input", async () => {
    const { res, sent } = fakeResponse();
    await submitForm(fakeRequest(), res, {
      dto: RenameDto,
      fields: { name: 'abc' },
      labels,
      run: () => Promise.reject(fieldError('name', 'unique', 'name "abc" is already taken')),
      done: () => ({ redirect: '/' }),
      again: { template: 'pages/form', view: ({ errors }) => ({ errors }) },
    });
    expect(sent.status).toBe(400);
    expect(sent.view).toEqual({
      errors: {
        byField: { name: 'Name "abc" is already taken' },
        all: ['Name "abc" is already taken'],
        list: [{ field: 'name', message: 'Name "abc" is already taken' }],
      },
    });
  });

  it('shows a stale version (409) with the state now, only where the form asks for it', async () => {
    const stale = new StaleVersionError('changed meanwhile', 1, { version: 2 });
    const asked = fakeResponse();
    await submitForm(fakeRequest(), asked.res, {
      fields: {},
      showAgainOn: ['invalid', 'staleVersion'],
      run: () => Promise.reject(stale),
      done: () => ({ redirect: '/' }),
      again: {
        template: 'pages/form',
        view: ({ kind, current, errors }) => ({ kind, current, message: errors.all[0] }),
      },
    });
    expect(asked.sent.status).toBe(409);
    expect(asked.sent.view).toEqual({
      kind: 'staleVersion',
      current: { version: 2 },
      message: 'changed meanwhile',
    });

    const notAsked = fakeResponse();
    await expect(
      submitForm(fakeRequest(), notAsked.res, {
        run: () => Promise.reject(stale),
        done: () => ({ redirect: '/' }),
        again: { template: 'pages/form', view: () => ({}) },
      }),
    ).rejects.toBe(stale);
    expect(notAsked.sent).toEqual({});
  });

  it('lets every other error reach the error page, and every error of a form without a page', async () => {
    const missing = new NotFoundError('no such thing');
    await expect(
      submitForm(fakeRequest(), fakeResponse().res, {
        showAgainOn: ['invalid', 'staleVersion', 'conflict'],
        run: () => Promise.reject(missing),
        done: () => ({ redirect: '/' }),
        again: { template: 'pages/form', view: () => ({}) },
      }),
    ).rejects.toBe(missing);
    const conflict = new ConflictError('already applied');
    await expect(
      submitForm(fakeRequest(), fakeResponse().res, {
        showAgainOn: ['conflict'],
        run: () => Promise.reject(conflict),
        done: () => ({ redirect: '/' }),
      }),
    ).rejects.toBe(conflict);
  });
});
