const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipSpace(bytes: Buffer, i: number): number {
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return i;
}

/** Index just after the JSON value starting at `i` (strings and nesting tracked; UTF-8 multi-byte bytes never look like ASCII). */
function endOfValue(bytes: Buffer, start: number): number {
  let i = start;
  let depth = 0;
  let inString = false;
  for (; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      // Jump to the next quote natively; it closes the string unless an odd run of backslashes escapes it.
      const quote = bytes.indexOf(QUOTE, i);
      if (quote < 0) return bytes.length;
      let backslashes = 0;
      while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
      i = quote;
      if (backslashes % 2 === 0) {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (byte === QUOTE) inString = true;
    else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return i;
    } else if (depth === 0 && (byte === 0x2c || isSpace(byte))) return i;
  }
  return i;
}

function expect(bytes: Buffer, i: number, byte: number): number {
  if (bytes[i] !== byte) throw new SyntaxError(`expected '${String.fromCharCode(byte)}' at byte ${i}`);
  return i + 1;
}

/**
 * Parses a JSON document whose top level is an object without ever holding it as one string:
 * each element of a top-level array is parsed on its own and passed through `each` (which may
 * return a replacement); other top-level values are parsed whole. For a dataset of hundreds of
 * megabytes this halves the peak and keeps the heap dense. Throws `SyntaxError` on malformed input.
 */
export function parseJsonObjectStreaming(buffer: Buffer, each: (value: unknown) => unknown): Record<string, unknown> {
  const parseSlice = (from: number, to: number) => JSON.parse(buffer.toString('utf8', from, to)) as unknown;
  const result: Record<string, unknown> = {};
  let i = expect(buffer, skipSpace(buffer, buffer[0] === 0xef ? 3 : 0), 0x7b);
  i = skipSpace(buffer, i);
  if (buffer[i] === 0x7d) return result;
  for (;;) {
    const keyEnd = endOfValue(buffer, skipSpace(buffer, i));
    const key = parseSlice(skipSpace(buffer, i), keyEnd);
    if (typeof key !== 'string') throw new SyntaxError(`expected a property name at byte ${i}`);
    i = skipSpace(buffer, expect(buffer, skipSpace(buffer, keyEnd), 0x3a));
    if (buffer[i] === 0x5b) {
      const items: unknown[] = [];
      i = skipSpace(buffer, i + 1);
      if (buffer[i] === 0x5d) i++;
      else {
        for (;;) {
          const end = endOfValue(buffer, i);
          items.push(each(parseSlice(i, end)));
          i = skipSpace(buffer, end);
          if (buffer[i] === 0x5d) {
            i++;
            break;
          }
          i = skipSpace(buffer, expect(buffer, i, 0x2c));
        }
      }
      result[key] = items;
    } else {
      const end = endOfValue(buffer, i);
      result[key] = each(parseSlice(i, end));
      i = end;
    }
    i = skipSpace(buffer, i);
    if (buffer[i] === 0x7d) {
      if (skipSpace(buffer, i + 1) !== buffer.length) throw new SyntaxError(`unexpected data after the top-level object at byte ${i + 1}`);
      return result;
    }
    i = expect(buffer, i, 0x2c);
  }
}
