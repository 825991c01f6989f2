/**
 * How deep a JSON text nests, read from its bytes before it is parsed: JSON.parse itself copes
 * with deep nesting, but what walks the parsed value afterwards (class-transformer, the
 * validation, a recursive copy) may run out of stack on a few thousand levels, and a body
 * nested that deep is never a real request.
 *
 * Counts `[` and `{` outside strings (a backslash escapes the next character inside one); stops
 * as soon as the depth passes `max`. Returns true when it does.
 */
export function nestsDeeperThan(json: Uint8Array, max: number): boolean {
  const OPEN_ARRAY = 0x5b;
  const OPEN_OBJECT = 0x7b;
  const CLOSE_ARRAY = 0x5d;
  const CLOSE_OBJECT = 0x7d;
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth++;
      if (depth > max) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
