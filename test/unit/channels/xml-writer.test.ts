import { describe, expect, it } from 'vitest';
import { parseStringPromise } from 'xml2js';
import { escapeXmlAttribute, escapeXmlText, XmlWriter } from '../../../functions/core/xml-writer.ts';

async function renderToString(build: (xml: XmlWriter) => void | Promise<void>, flushAt?: number) {
  const chunks: string[] = [];
  const xml = new XmlWriter(
    (chunk) => {
      chunks.push(chunk);
    },
    flushAt === undefined ? {} : { flushAt },
  );
  await build(xml);
  await xml.end();
  return { text: chunks.join(''), chunks };
}

describe('escaping', () => {
  it('escapes the five special characters', () => {
    expect(escapeXmlText(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    expect(escapeXmlAttribute('<&>"\'')).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('returns clean text unchanged (the fast path)', () => {
    const text = '卢旺达 胡耶 红波旁 水洗 生咖啡豆 1kg';
    expect(escapeXmlText(text)).toBe(text);
  });

  it('strips characters illegal in XML 1.0 and keeps legal astral characters', () => {
    expect(escapeXmlText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi')).toBe('abcdefghi');
    expect(escapeXmlText('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low');
    expect(escapeXmlText('coffee ☕ and 𠮷 stay')).toBe('coffee ☕ and 𠮷 stay');
    expect(escapeXmlText('tab\tand\nnewline stay')).toBe('tab\tand\nnewline stay');
  });

  it('keeps CR, and tab and newline in attributes, as character references', () => {
    expect(escapeXmlText('a\r\nb')).toBe('a&#13;\nb');
    expect(escapeXmlAttribute('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
  });
});

describe('XmlWriter', () => {
  it('writes a namespaced, indented document that xml2js reads back verbatim', async () => {
    const tricky = 'Café "Ikawa" & <Sons> \'Ltd\' 卢旺达 胡耶\tend';
    const { text } = await renderToString((xml) => {
      xml.declaration();
      xml.open('doc', { xmlns: 'urn:test:1', note: tricky, skipped: null });
      xml.element('name', tricky, { lang: 'zh-CN' });
      xml.element('absent', undefined);
      xml.element('count', 3);
      xml.empty('flag', { on: true });
      xml.open('empty');
      xml.close();
      xml.close();
    });
    expect(text).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<doc xmlns="urn:test:1" note="Café &quot;Ikawa&quot; &amp; &lt;Sons&gt; &apos;Ltd&apos; 卢旺达 胡耶&#9;end">`,
        `  <name lang="zh-CN">Café &quot;Ikawa&quot; &amp; &lt;Sons&gt; &apos;Ltd&apos; 卢旺达 胡耶\tend</name>`,
        '  <count>3</count>',
        '  <flag on="true"/>',
        '  <empty></empty>',
        '</doc>',
        '',
      ].join('\n'),
    );
    const parsed = await parseStringPromise(text);
    expect(parsed.doc.$.note).toBe(tricky);
    expect(parsed.doc.name[0]._).toBe(tricky);
    expect(parsed.doc.name[0].$.lang).toBe('zh-CN');
    expect(parsed.doc.count[0]).toBe('3');
  });

  it('streams in chunks of about flushAt characters', async () => {
    const { text, chunks } = await renderToString(async (xml) => {
      xml.open('items');
      for (let i = 0; i < 1000; i++) {
        xml.element('item', `item number ${i}`);
        await xml.flushIfFull();
      }
      xml.close();
    }, 1024);
    expect(chunks.length).toBeGreaterThan(20);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(1024 + 100);
    const parsed = await parseStringPromise(text);
    expect(parsed.items.item).toHaveLength(1000);
    expect(parsed.items.item[999]).toBe('item number 999');
  });

  it('awaits an asynchronous sink (backpressure)', async () => {
    const order: string[] = [];
    const xml = new XmlWriter(
      async (chunk) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        order.push(chunk);
      },
      { flushAt: 1 },
    );
    xml.open('a');
    await xml.flushIfFull();
    order.push('after first flush');
    xml.close();
    await xml.end();
    expect(order).toEqual(['<a>', 'after first flush', '</a>\n']);
  });

  it('refuses to end with open elements or close what is not open', async () => {
    const xml = new XmlWriter(() => {});
    expect(() => xml.close()).toThrow(/without an open element/);
    xml.open('a');
    await expect(xml.end()).rejects.toThrow(/unclosed elements: a/);
  });
});
