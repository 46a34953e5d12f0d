/**
 * sax (the parser under xml2js) driven over text chunks, so an XML catalogue is parsed as it
 * streams and never held whole. sax keeps text and CDATA in pieces of at most
 * MAX_BUFFER_LENGTH (64 KiB) and refuses any other single piece (an attribute value, a name, a
 * comment) past it; it checks once per write, so text is written a slice at a time.
 */
import sax from 'sax';

export type SaxParser = sax.SAXParser;
export type SaxTag = sax.Tag | sax.QualifiedTag;

/** Characters written to sax at once: small enough that its buffer checks run often. */
const WRITE_CHARS = 16 * 1024;

/** sax's own bound on one attribute value, name, comment or processing instruction. */
export const SAX_MAX_PIECE_CHARS: number = Number(Reflect.get(sax, 'MAX_BUFFER_LENGTH'));

/** A syntax error sax found, with its 1-based line. */
export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
  constructor(
    /** sax's reason, without its position lines ("Unexpected close tag"). */
    readonly reason: string,
    readonly line: number,
    /** What sax refused for its size ("attribValue", "comment"...), when that was the error. */
    readonly oversized: string | null,
  ) {
    super(reason);
  }
}

const OVERSIZED = /^Max buffer length exceeded: (\w+)/u;

/** A strict parser whose errors throw XmlSyntaxError out of write(), stopping at the first one. */
export function strictParser(): SaxParser {
  const parser = sax.parser(true, { trim: false, normalize: false, position: true });
  parser.onerror = (error: Error) => {
    const reason = error.message.split('\n')[0] ?? error.message;
    throw new XmlSyntaxError(reason, parser.line + 1, OVERSIZED.exec(reason)?.[1] ?? null);
  };
  return parser;
}

/**
 * Writes `text` to `parser` chunk by chunk and yields, after each slice, what the handlers pushed
 * to `ready` meanwhile; closes the parser at the end (which reports unclosed elements).
 */
export async function* parseChunks<T>(
  parser: SaxParser,
  text: AsyncIterable<string>,
  ready: T[],
): AsyncGenerator<T> {
  for await (const chunk of text) {
    for (let start = 0; start < chunk.length; start += WRITE_CHARS) {
      parser.write(
        start === 0 && chunk.length <= WRITE_CHARS ? chunk : chunk.slice(start, start + WRITE_CHARS),
      );
      if (ready.length > 0) yield* ready.splice(0);
    }
  }
  parser.close();
  if (ready.length > 0) yield* ready.splice(0);
}

/** The tag's attributes as text (sax stores them by assignment, so "__proto__" never arrives). */
export function attributesOf(tag: SaxTag): [string, string][] {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(tag.attributes)) {
    if (typeof value === 'string') entries.push([name, value]);
  }
  return entries;
}
