import { describe, expect, it } from 'vitest';
import {
  decodeEscapedNewlines,
  htmlToText,
} from '../../../../functions/core/catalogue/shop-exports/html-text.ts';

describe('htmlToText', () => {
  it.each([
    ['<p>Washed <strong>Bourbon</strong>.</p>', 'Washed Bourbon.'],
    ['<p>One</p><p>Two</p>', 'One\nTwo'],
    ['Line one<br>Line two<br/>Line three<br />', 'Line one\nLine two\nLine three'],
    ['<ul>\n  <li>Notes: tea</li>\n  <li>Body: round</li>\n</ul>', 'Notes: tea\nBody: round'],
    ['<h2>Origin</h2>Huye,   Southern   Province', 'Origin\nHuye, Southern Province'],
    [
      'Caf&eacute; &amp; th&#233; &#x2014; 1&nbsp;kg &lt;raw&gt; &quot;A1&quot;',
      'Café & thé — 1 kg <raw> "A1"',
    ],
    [
      '<table><tr><td>Altitude</td><td>1 900 m</td></tr><tr><td>Variety</td><td>Bourbon</td></tr></table>',
      'Altitude 1 900 m\nVariety Bourbon',
    ],
    ['<p>Keep<script>alert("x")</script> this<style>p{color:red}</style>.</p>', 'Keep this.'],
    ['Before<!-- a note for the shop team -->after', 'Beforeafter'],
    ['<span data-sheets-value=\'{"1":2,"2":"x > y"}\'>Text</span>', 'Text'],
    ["<img alt=l'huile src=x.jpg>Huile", 'Huile'],
    ['5 < 6 and 7 > 3', '5 < 6 and 7 > 3'],
    ['AT&T &unknown; &#0; &#xD800;', 'AT&T &unknown; \ufffd \ufffd'],
    ['   ', ''],
    ['<p> </p><div>&nbsp;</div>', ''],
  ])('%j -> %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('reads line breaks as the source means them', () => {
    const text = 'Red Bourbon.\nWashed at Maraba.';
    expect(htmlToText(text, { lineBreaks: 'whitespace' })).toBe('Red Bourbon. Washed at Maraba.');
    expect(htmlToText(text, { lineBreaks: 'breaks' })).toBe('Red Bourbon.\nWashed at Maraba.');
    expect(htmlToText(text, { lineBreaks: 'auto' })).toBe('Red Bourbon.\nWashed at Maraba.');
    expect(htmlToText('<p>Red Bourbon.\nWashed.</p>', { lineBreaks: 'auto' })).toBe('Red Bourbon. Washed.');
    expect(htmlToText('<strong>Notes:</strong> caramel\n\n\nberries', { lineBreaks: 'breaks' })).toBe(
      'Notes: caramel\nberries',
    );
  });

  it('reads a "<" or a comment that never closes as the end of the markup, not as a reason to search again', () => {
    expect(htmlToText('<p>Fine</p><a href="x')).toBe('Fine\n<a href="x');
    expect(htmlToText('Text<!-- never closed <p>lost</p>')).toBe('Text');
    expect(htmlToText('<script>never closed')).toBe('');
  });

  it('does bounded work on hostile input: each character is looked at a bounded number of times', () => {
    // Quadratic scanning of these takes minutes; one pass takes milliseconds.
    const size = 100_000;
    expect(htmlToText('<a'.repeat(size))).toBe('<a'.repeat(size));
    expect(htmlToText('<a x="'.repeat(size)).length).toBe(6 * size);
    expect(htmlToText('&amp'.repeat(size))).toBe('&amp'.repeat(size));
    expect(htmlToText('</'.repeat(size))).toBe('</'.repeat(size));
    expect(htmlToText(`<script>${'</scrip'.repeat(size)}`)).toBe('');
    expect(htmlToText('<!--'.repeat(size))).toBe('');
    expect(htmlToText(`${'<b>'.repeat(size)}x${'</b>'.repeat(size)}`)).toBe('x');
  });
});

describe('decodeEscapedNewlines', () => {
  it('undoes the WooCommerce exporter: "\\n" is a line break, "\\\\n" the two characters', () => {
    expect(decodeEscapedNewlines('One\\nTwo\\n\\nThree')).toBe('One\nTwo\n\nThree');
    expect(decodeEscapedNewlines('C:\\\\new folder')).toBe('C:\\new folder');
    expect(decodeEscapedNewlines('a\\b and a trailing \\')).toBe('a\\b and a trailing \\');
    expect(decodeEscapedNewlines('no escapes')).toBe('no escapes');
  });
});
