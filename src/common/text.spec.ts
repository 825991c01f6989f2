import {
  cleanQueryValues,
  cleanSearchText,
  cleanText,
  textProblem,
  unstorableCharacter,
  unstorableTextProblems,
} from './text.js';

/** Characters XML 1.0 and PostgreSQL text both hold, however odd. */
const ACCEPTED = [
  '\t',
  '\n',
  '\r',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200e',
  '\u2028',
  '\ufeff',
  '\ufffd',
  '\u{1F600}',
  '\u{10FFFD}',
  'é',
  'ж',
  '中',
];

describe('the text rule', () => {
  it('accepts every character XML 1.0 and PostgreSQL can hold', () => {
    for (const char of ACCEPTED) expect(unstorableCharacter(`a${char}b`)).toBeNull();
  });

  it('names the first character that cannot be stored', () => {
    expect(unstorableCharacter('a\u0000b')).toBe('U+0000');
    expect(unstorableCharacter('\u0001')).toBe('U+0001');
    expect(unstorableCharacter('\u000b')).toBe('U+000B');
    expect(unstorableCharacter('\u001f')).toBe('U+001F');
    expect(unstorableCharacter('ok\ufffe')).toBe('U+FFFE');
    expect(unstorableCharacter('ok\uffff')).toBe('U+FFFF');
    // A lone half of a surrogate pair, high or low; a whole pair is a character.
    expect(unstorableCharacter('\ud83d')).toBe('U+D83D');
    expect(unstorableCharacter('x\ude00y')).toBe('U+DE00');
    expect(unstorableCharacter('\ud83d\ude00')).toBeNull();
  });

  it('says which field and character, in one sentence', () => {
    expect(textProblem('note', 'fine\uffff')).toEqual({
      field: 'note',
      rule: 'storableText',
      message: 'note: contains a character that cannot be stored (U+FFFF)',
    });
    expect(textProblem('note', 'fine')).toBeNull();
  });

  it('finds every such field of a body by its path', () => {
    expect(
      unstorableTextProblems({
        note: 'a\u0000',
        ok: 'b',
        states: ['KAZ', 'K\u0007Z'],
        nested: { deep: ['\ud800'] },
        n: 3,
      }).map((p) => p.message),
    ).toEqual([
      'note: contains a character that cannot be stored (U+0000)',
      'states.1: contains a character that cannot be stored (U+0007)',
      'nested.deep.0: contains a character that cannot be stored (U+D800)',
    ]);
    expect(unstorableTextProblems('\uffff', 'ref')[0].field).toBe('ref');
    expect(unstorableTextProblems({ note: 'fine' })).toEqual([]);
  });

  it('cleans text from before the rule, and search text of every control character', () => {
    expect(cleanText('a\u0000b\uffff\ud800c\td')).toBe('abc\td');
    expect(cleanSearchText('caric\u0000c\tII\u0085x')).toBe('caric c II x');
    expect(cleanQueryValues({ q: 'a\u0001b', list: ['c\nd'], n: undefined })).toEqual({
      q: 'a b',
      list: ['c d'],
      n: undefined,
    });
  });
});
