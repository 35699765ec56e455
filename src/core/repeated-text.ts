/** A text that comes again and again (a tenant's scenario, its access ID, a client's path), measured once. */
import { utf8Length } from './utf8-length.js';

/**
 * The last text taken and its UTF-8 size. An equal text taken again is given back as the string already held, not
 * measured again: its own copy is then dropped while it is young, which costs the garbage collector nothing, where a
 * log keeping it would have the collector copy it for as long as the entry lives.
 */
export class RepeatedText {
  text = '';
  bytes = 0;

  /** The held string equal to `text` (the new one when it differs, measured then). */
  take(text: string): string {
    if (text !== this.text) {
      this.text = text;
      this.bytes = utf8Length(text);
    }
    return this.text;
  }

  /** The UTF-8 size of `text`, taken as the last text. */
  bytesOf(text: string): number {
    this.take(text);
    return this.bytes;
  }
}
