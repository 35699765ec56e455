/** The UTF-8 size of a string counted in JavaScript, for where there is no native count (a browser). */

/**
 * The UTF-8 size of `text`, counting no further than `stopAt`: past it, a number just past `stopAt`. Hand-written
 * because TextEncoder.encode would copy the whole string. A lone surrogate counts 3, as its replacement character's
 * encoding does.
 */
export function countUtf8(text: string, stopAt = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAt; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4;
        i += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
