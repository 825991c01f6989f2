import { asksForDebug, asksForHelp, formatHelp, parseCommandArgs, UsageError } from './args.js';

const OPTIONS = {
  as: { type: 'string', value: '<username>', help: 'who' },
  apply: { type: 'boolean', help: 'write' },
} as const;

function usageErrorOf(args: string[]): UsageError {
  try {
    parseCommandArgs('import', args, OPTIONS);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('parseCommandArgs did not throw');
}

describe('parseCommandArgs', () => {
  it('reads positionals, values and switches', () => {
    const parsed = parseCommandArgs('import', ['a.csv', '--as', 'bob', '--apply'], OPTIONS);
    expect(parsed.positionals).toEqual(['a.csv']);
    expect(parsed.flags).toEqual({ as: 'bob' });
    expect([...parsed.switches]).toEqual(['apply']);
    expect(parseCommandArgs('import', ['--as=-x', '--', '--apply'], OPTIONS)).toMatchObject({
      flags: { as: '-x' },
      positionals: ['--apply'],
    });
  });

  it('refuses an unknown option, a missing value and a value for a switch, naming the option', () => {
    const unknown = usageErrorOf(['--force', 'yes']);
    expect(unknown.message).toMatch(/^Unknown option --force for import; it takes --as, --apply/);
    expect(unknown.exitCode).toBe(2);
    expect(usageErrorOf(['a.csv', '--as']).message).toMatch(/^--as needs a value/);
    expect(usageErrorOf(['--as', '--apply']).message).toMatch(/^--as needs a value/);
    expect(usageErrorOf(['--apply=yes']).message).toMatch(/^--apply takes no value/);
    expect(usageErrorOf(['-x']).message).toMatch(/^Unknown option -x/);
  });

  it('takes --help, -h and --debug on every command', () => {
    const parsed = parseCommandArgs('migrate', ['-h', '--debug'], {});
    expect([...parsed.switches].sort()).toEqual(['debug', 'help']);
  });
});

describe('help and debug requests', () => {
  it('finds --help or -h before any --, and --debug', () => {
    expect(asksForHelp(['x', '--as', 'b', '-h'])).toBe(true);
    expect(asksForHelp(['x', '--', '--help'])).toBe(false);
    expect(asksForDebug(['migrate', '--debug'])).toBe(true);
    expect(asksForDebug(['--', '--debug'])).toBe(false);
  });

  it('formats a help with usage, description and options', () => {
    const help = formatHelp({
      name: 'import',
      usage: ['<file> --as <username> [--apply]'],
      description: 'Checks a file.',
      options: OPTIONS,
    });
    expect(help.split('\n')[0]).toBe(
      'Usage: recommendation-tracker import <file> --as <username> [--apply]',
    );
    expect(help).toContain('  --as <username>   who');
    expect(help).toContain('  -h, --help        show this help; nothing is run');
  });
});
