import { sanitizeMessageHtml, type SanitizeHtmlOptions } from './html-sanitizer';

const ATTACHMENT_URL = '/users/u/mailboxes/m/messages/1/attachments/ATT00002';
const options = (images = false): SanitizeHtmlOptions => ({
  images,
  resolveCid: (cid) => (cid === 'logo@example.test' ? ATTACHMENT_URL : null),
});
const clean = (html: string, images = false) => sanitizeMessageHtml(html, options(images)).html;

// Markers that must never survive, whatever the input.
const FORBIDDEN_OUTPUT = [
  /<script/i,
  /javascript:/i,
  /vbscript:/i,
  /\son[a-z]+\s*=/i,
  /<iframe/i,
  /<object/i,
  /<embed/i,
  /<form/i,
  /<input/i,
  /<meta/i,
  /<base/i,
  /<link/i,
  /<svg/i,
  /<style/i,
  /expression\s*\(/i,
  /data:text/i,
];

const HOSTILE_CORPUS: Record<string, string> = {
  script: '<p>hi</p><script>alert(1)</script>',
  scriptUpper: '<SCRIPT SRC=//evil.test/x.js></SCRIPT>',
  onerror: '<img src="x" onerror="alert(1)">',
  onload: '<body onload="alert(1)"><p>x</p></body>',
  onmouseover: '<a href="https://ok.test" onmouseover="alert(1)">x</a>',
  javascriptHref: '<a href="javascript:alert(1)">x</a>',
  javascriptEntities: '<a href="&#106;avascript:alert(1)">x</a>',
  javascriptTab: '<a href="java\tscript:alert(1)">x</a>',
  vbscript: '<a href="vbscript:msgbox(1)">x</a>',
  dataHtmlLink: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  dataHtmlImage: '<img src="data:text/html,<script>alert(1)</script>">',
  cssExpression: '<div style="width: expression(alert(1))">x</div>',
  cssEscapedExpression: '<div style="width: e\\xpression(alert(1))">x</div>',
  cssJavascriptUrl: '<div style="background: url(javascript:alert(1))">x</div>',
  cssBehavior: '<div style="behavior: url(x.htc)">x</div>',
  cssImport: '<div style="@import \'//evil.test/x.css\'">x</div>',
  styleTag: '<style>body{background:url(javascript:alert(1))}</style><p>x</p>',
  svgScript: '<svg><script>alert(1)</script><circle onload="alert(1)"/></svg>',
  svgImage: '<svg><image href="javascript:alert(1)"/></svg>',
  iframe: '<iframe src="https://evil.test"></iframe>',
  iframeSrcdoc: '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  object: '<object data="evil.swf"></object><embed src="evil.swf">',
  form: '<form action="https://evil.test"><input name="password"><button>Go</button></form>',
  formaction: '<button formaction="javascript:alert(1)">x</button>',
  metaRefresh: '<meta http-equiv="refresh" content="0;url=https://evil.test">',
  base: '<base href="https://evil.test/"><a href="x">x</a>',
  link: '<link rel="stylesheet" href="https://evil.test/x.css">',
  mathml: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  nested: '<scr<script>ipt>alert(1)</script>',
  comment: '<!--<script>alert(1)</script>--><p>x</p>',
  unclosedAttr: '<img src="x" alt="a" onerror=alert(1)//',
};

describe('sanitizeMessageHtml', () => {
  it.each(Object.entries(HOSTILE_CORPUS))('neutralises %s', (_name, html) => {
    for (const images of [false, true]) {
      const output = clean(html, images);
      for (const pattern of FORBIDDEN_OUTPUT) expect(output).not.toMatch(pattern);
    }
  });

  it('leaves only inert text where tags were split to confuse a filter', () => {
    expect(clean(HOSTILE_CORPUS['nested'] ?? '')).toBe('ipt&gt;alert(1)');
  });

  it('keeps ordinary formatting', () => {
    const html = '<table border="0"><tr><td align="center"><b>Bold</b> <i>it</i></td></tr></table>';
    expect(clean(html)).toBe(html);
    expect(clean('<p style="color: red; font-weight: bold">x</p>')).toBe(
      '<p style="color: red; font-weight: bold">x</p>',
    );
  });

  it('drops layout-escaping CSS but keeps the rest of the declaration list', () => {
    expect(clean('<div style="position: fixed; top: 0; color: blue">x</div>')).toBe(
      '<div style="top: 0; color: blue">x</div>',
    );
  });

  it('opens links in a new context without an opener, and drops targets the sender chose', () => {
    expect(clean('<a href="https://example.test/" target="_top" rel="opener">x</a>')).toBe(
      '<a href="https://example.test/" target="_blank" rel="noopener noreferrer">x</a>',
    );
    expect(clean('<a href="mailto:a@example.test">m</a>')).toContain('rel="noopener noreferrer"');
    expect(clean('<a href="#top">t</a>')).toBe('<a href="#top">t</a>');
  });

  it('drops relative links that would point into this origin', () => {
    expect(clean('<a href="/users/x/mailboxes">x</a>')).toBe('<a>x</a>');
  });

  it('rewrites cid: references to the attachment URL and drops unknown ones', () => {
    expect(clean('<img src="cid:logo@example.test" alt="logo">')).toBe(
      `<img src="${ATTACHMENT_URL}" alt="logo" />`,
    );
    expect(clean('<img src="cid:unknown@example.test">')).toBe('<img />');
    expect(clean('<td style="background-image: url(cid:logo@example.test)">x</td>')).toContain(
      `url(&quot;${ATTACHMENT_URL}&quot;)`,
    );
  });

  it('keeps inline data: images only', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(clean(`<img src="${png}">`)).toBe(`<img src="${png}" />`);
    expect(clean('<img src="data:image/svg+xml;base64,PHN2Zz4=">')).toBe('<img />');
  });

  it('blocks and counts remote images unless asked for them', () => {
    const html = [
      '<img src="https://tracker.test/pixel.gif">',
      '<img src="//tracker.test/p.gif">',
      '<img srcset="http://tracker.test/a.png 1x, http://tracker.test/b.png 2x">',
      '<table background="http://tracker.test/bg.png"><tr><td>x</td></tr></table>',
      '<div style="background: url(\'https://tracker.test/bg.png\') no-repeat; color: red">y</div>',
    ].join('');
    const blocked = sanitizeMessageHtml(html, options(false));
    expect(blocked.remoteImages).toEqual({ blocked: true, count: 6 });
    expect(blocked.html).not.toMatch(/tracker\.test/);
    expect(blocked.html).toContain('style="color: red"');

    const loaded = sanitizeMessageHtml(html, options(true));
    expect(loaded.remoteImages).toEqual({ blocked: false, count: 6 });
    expect(loaded.html).toContain('src="https://tracker.test/pixel.gif"');
    expect(loaded.html).toContain('src="https://tracker.test/p.gif"');
    expect(loaded.html).toContain('srcset="http://tracker.test/a.png 1x, http://tracker.test/b.png 2x"');
    expect(loaded.html).toContain('background="http://tracker.test/bg.png"');
  });

  it('reports nothing blocked for a message without remote images', () => {
    expect(sanitizeMessageHtml('<p>plain</p>', options()).remoteImages).toEqual({ blocked: false, count: 0 });
  });
});
