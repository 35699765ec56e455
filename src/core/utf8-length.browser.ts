/** utf8Length for browser bundles (package.json "browser" maps utf8-length.js here): counted in JavaScript. */
import { countUtf8 } from './count-utf8.js';

/** As utf8-length.ts: the UTF-8 size of `text`, counting no further than `stopAt`. */
export function utf8Length(text: string, stopAt = Infinity): number {
  return text.length > stopAt ? stopAt + 1 : countUtf8(text, stopAt);
}
