import { ApiTokensService } from '../../api-tokens/api-tokens.service.js';
import { IssueTokenDto } from '../../api-tokens/dto/issue-token.dto.js';
import { systemPrincipal } from '../../auth/principal.js';
import { CreateUserDto } from '../../users/dto/user.dto.js';
import { Role } from '../../users/role.enum.js';
import { UsersService } from '../../users/users.service.js';
import { UsageError, type OptionSpecs } from '../args.js';
import type { Command, CommandGroup } from '../command.js';
import { checked } from '../input.js';

/** Who the command line acts as in the audit log. */
const CLI_ACTOR = systemPrincipal('cli', Role.Admin);

const ROLE = {
  type: 'string',
  value: 'admin|analyst|viewer',
  help: 'the role (required)',
} as const;

const STATES = {
  type: 'string',
  value: 'KAZ,KGZ',
  help: 'ISO3 codes of the only States an analyst may write for (default: all)',
} as const;

/** The one positional argument a command takes. */
function one(positionals: string[], command: string, what: string): string {
  const [value, ...extra] = positionals;
  if (!value) throw new UsageError(`${command} needs a ${what}`);
  if (extra.length > 0) {
    throw new UsageError(`${command} takes one ${what} (not also "${extra.join(' ')}")`);
  }
  return value;
}

const userList: Command = {
  name: 'user list',
  summary: 'every user with role, State limits and status',
  usage: [''],
  description: 'Lists every user with role, State limits and status.',
  async run({ args, app, log }) {
    if (args.positionals.length > 0) throw new UsageError('user list takes no arguments');
    const users = (await app()).get(UsersService);
    for (const u of await users.list()) {
      log(
        [
          u.username.padEnd(20),
          u.role.padEnd(8),
          (u.states.join(',') || 'all States').padEnd(20),
          u.active ? 'active' : 'deactivated',
          u.mustChangePassword ? '(must change password)' : '',
        ].join(' '),
      );
    }
    return 0;
  },
};

const CREATE_OPTIONS: OptionSpecs = {
  role: ROLE,
  name: { type: 'string', value: '"Full Name"', help: 'the name shown (default: the username)' },
  states: STATES,
};

const userCreate: Command = {
  name: 'user create',
  summary: 'create a user; prints a password to be changed at first sign-in',
  usage: ['<username> --role admin|analyst|viewer [--name "Full Name"] [--states KAZ,KGZ]'],
  description:
    'Creates a user and prints a random password, shown once, to be changed at the first\n' +
    'sign-in.',
  options: CREATE_OPTIONS,
  async run({ args, app, log }) {
    const username = one(args.positionals, 'user create', 'username');
    const dto = await checked(CreateUserDto, {
      username,
      displayName: args.flags.name ?? username,
      role: args.flags.role,
      states: args.flags.states,
    });
    const { user, password } = await (await app()).get(UsersService).create(dto, CLI_ACTOR);
    log(
      `Created ${user.role} ${user.username}${user.states.length ? ` for ${user.states.join(', ')}` : ''}.`,
    );
    log(`Password (shown once, to be changed at first sign-in): ${password ?? ''}`);
    return 0;
  },
};

const userResetPassword: Command = {
  name: 'user reset-password',
  summary: 'a new random password, printed once; the user’s sessions end',
  usage: ['<username>'],
  description:
    "Gives the user a new random password (printed once); the user's sessions end, and they\n" +
    'must choose their own at the next sign-in.',
  async run({ args, app, log }) {
    const username = one(args.positionals, 'user reset-password', 'username');
    const { user, password } = await (
      await app()
    )
      .get(UsersService)
      .resetPassword(username, CLI_ACTOR);
    log(
      `New password for ${user.username} (shown once, to be changed at sign-in): ${password ?? ''}`,
    );
    return 0;
  },
};

const tokenIssue: Command = {
  name: 'token issue',
  summary: 'issue an API token; prints the secret once',
  usage: ['<name> --role admin|analyst|viewer [--states KAZ,KGZ] [--expires YYYY-MM-DD]'],
  description: 'Issues an API token and prints its secret, shown once.',
  options: {
    role: ROLE,
    states: STATES,
    expires: { type: 'string', value: 'YYYY-MM-DD', help: 'the last day the token works' },
  },
  async run({ args, app, log }) {
    const name = one(args.positionals, 'token issue', 'name');
    const dto = await checked(IssueTokenDto, {
      name,
      role: args.flags.role,
      states: args.flags.states,
      expiresOn: args.flags.expires,
    });
    const { token, secret } = await (await app()).get(ApiTokensService).issue(dto, CLI_ACTOR);
    log(`Issued ${token.role} token "${token.name}". Secret (shown once):`);
    log(secret);
    return 0;
  },
};

export const userCommands: CommandGroup = {
  name: 'user',
  summary: 'users: list, create, reset-password',
  subcommands: [userList, userCreate, userResetPassword],
};

export const tokenCommands: CommandGroup = {
  name: 'token',
  summary: 'API tokens: issue',
  subcommands: [tokenIssue],
};
