import 'reflect-metadata';
import { DEFAULT_DATABASE_PATH, InvalidEnvironmentError, validateEnv } from './env.js';

function problemsOf(raw: Record<string, unknown>): InvalidEnvironmentError {
  try {
    validateEnv(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidEnvironmentError);
    return e as InvalidEnvironmentError;
  }
  throw new Error('validateEnv did not throw');
}

describe('validateEnv', () => {
  it('gives the defaults for an empty environment', () => {
    const env = validateEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.DATABASE_PATH).toBe('data/recommendation-tracker.sqlite');
    expect(DEFAULT_DATABASE_PATH).toBe('data/recommendation-tracker.sqlite');
    expect(env.LOAD_REFERENCE_DATA).toBe(true);
  });

  it('treats empty strings as unset', () => {
    const env = validateEnv({ PORT: '', DATABASE_PATH: '', LOAD_REFERENCE_DATA: '' });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_PATH).toBe(DEFAULT_DATABASE_PATH);
    expect(env.LOAD_REFERENCE_DATA).toBe(true);
  });

  it('parses PORT and LOAD_REFERENCE_DATA from strings', () => {
    const env = validateEnv({
      PORT: '8080',
      LOAD_REFERENCE_DATA: 'false',
      DATABASE_PATH: ':memory:',
    });
    expect(env.PORT).toBe(8080);
    expect(env.LOAD_REFERENCE_DATA).toBe(false);
    expect(env.DATABASE_PATH).toBe(':memory:');
  });

  it('accepts the usual spellings of booleans', () => {
    expect(validateEnv({ LOAD_REFERENCE_DATA: 'TRUE' }).LOAD_REFERENCE_DATA).toBe(true);
    expect(validateEnv({ LOAD_REFERENCE_DATA: '0' }).LOAD_REFERENCE_DATA).toBe(false);
    expect(validateEnv({ LOAD_REFERENCE_DATA: 'no' }).LOAD_REFERENCE_DATA).toBe(false);
    expect(validateEnv({ LOAD_REFERENCE_DATA: ' on ' }).LOAD_REFERENCE_DATA).toBe(true);
  });

  it('reports several bad variables in one error', () => {
    const err = problemsOf({ PORT: 'abc', LOAD_REFERENCE_DATA: 'maybe' });
    expect(err.name).toBe('InvalidEnvironmentError');
    expect(err.problems).toHaveLength(2);
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('LOAD_REFERENCE_DATA');
    expect(err.message).toContain('"abc"');
    expect(err.message).toContain('"maybe"');
    expect(err.message).toContain('PORT must be a whole number');
    expect(err.message).toContain('LOAD_REFERENCE_DATA must be true or false');
  });

  it('refuses a port out of range', () => {
    const err = problemsOf({ PORT: '70000' });
    expect(err.problems).toHaveLength(1);
    expect(err.message).toContain('PORT must be between 1 and 65535');
    expect(() => validateEnv({ PORT: '0' })).toThrow(InvalidEnvironmentError);
    expect(validateEnv({ PORT: '65535' }).PORT).toBe(65535);
  });

  it('refuses a fractional port', () => {
    expect(() => validateEnv({ PORT: '80.5' })).toThrow(InvalidEnvironmentError);
  });

  it('keeps to SQLite without DATABASE_URL and accepts a PostgreSQL URL', () => {
    expect(validateEnv({}).DATABASE_URL).toBeUndefined();
    expect(validateEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    const url = 'postgres://rt:secret@127.0.0.1:5432/rt';
    expect(validateEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(
      validateEnv({ DATABASE_URL: 'postgresql://db.example/rt?sslmode=require' }).DATABASE_URL,
    ).toBe('postgresql://db.example/rt?sslmode=require');
  });

  it('names the organisation "Secretariat" by default and takes its logo as a path or https address', () => {
    expect(validateEnv({}).ORGANISATION_NAME).toBe('Secretariat');
    expect(validateEnv({}).ORGANISATION_LOGO_URL).toBeUndefined();
    expect(validateEnv({ ORGANISATION_LOGO_URL: '/assets/logo.svg' }).ORGANISATION_LOGO_URL).toBe(
      '/assets/logo.svg',
    );
    expect(
      validateEnv({ ORGANISATION_LOGO_URL: 'https://cdn.example.org/logo.png' })
        .ORGANISATION_LOGO_URL,
    ).toBe('https://cdn.example.org/logo.png');
    for (const bad of [
      'http://example.org/logo.png',
      'logo.png',
      '//example.org/x',
      'javascript:x',
    ]) {
      expect(problemsOf({ ORGANISATION_LOGO_URL: bad }).message).toContain('ORGANISATION_LOGO_URL');
    }
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL, without printing it', () => {
    for (const bad of ['mysql://rt:secret@host/rt', 'postgres://rt:secret@host', 'rt.sqlite']) {
      const err = problemsOf({ DATABASE_URL: bad });
      expect(err.problems).toHaveLength(1);
      expect(err.message).toContain('DATABASE_URL must be a PostgreSQL URL');
      expect(err.message).not.toContain('secret');
    }
  });

  it('ignores unrelated variables', () => {
    const env = validateEnv({ PATH: '/usr/bin', NODE_ENV: 'test', HOME: '/root', PORT: '4000' });
    expect(env.PORT).toBe(4000);
    expect(env).not.toHaveProperty('PATH');
    expect(env).not.toHaveProperty('NODE_ENV');
    expect(env).not.toHaveProperty('HOME');
  });
});
