import { escapeHtml, htmlToText, isBlankHtml, textToHtml } from './body-format';

describe('htmlToText', () => {
  it('turns blocks, breaks and list items into lines', () => {
    expect(
      htmlToText('<div>Hello</div><div><b>bold</b> word<br>next</div><ul><li>one</li><li>two</li></ul>'),
    ).toBe('Hello\nbold word\nnext\n- one\n- two');
    expect(htmlToText('<div>a</div><div><br></div><div>b</div><p>para</p><p>two</p>')).toBe(
      'a\n\nb\npara\n\ntwo',
    );
  });

  it('quotes blockquotes with "> ", one level per nesting', () => {
    expect(htmlToText('<p>Reply</p><blockquote>Outer<blockquote>Inner</blockquote></blockquote>')).toBe(
      'Reply\n\n> Outer\n> > Inner',
    );
  });

  it('keeps link targets, decodes entities and drops scripts and styles', () => {
    expect(htmlToText('<a href="https://x.org/">site</a> &amp; &lt;tag&gt; &#233;&#x41;')).toBe(
      'site (https://x.org/) & <tag> éA',
    );
    expect(htmlToText('<a href="https://x.org/">https://x.org/</a>')).toBe('https://x.org/');
    expect(htmlToText('<style>p{}</style><script>alert(1)</script>ok')).toBe('ok');
  });

  it('says an editor holding only markup is blank', () => {
    expect(isBlankHtml('<div><br></div>')).toBe(true);
    expect(isBlankHtml('<div>x</div>')).toBe(false);
  });
});

describe('textToHtml', () => {
  it('escapes markup and keeps line breaks', () => {
    expect(textToHtml('a < b\n"c" & d')).toBe('a &lt; b<br>&quot;c&quot; &amp; d');
    expect(htmlToText(textToHtml('one\ntwo'))).toBe('one\ntwo');
    expect(escapeHtml('<x>')).toBe('&lt;x&gt;');
  });
});
