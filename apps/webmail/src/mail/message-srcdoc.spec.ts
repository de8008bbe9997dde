import { buildSrcdoc, hardenLinks, inlineImagePaths, replaceInlineImages } from './message-srcdoc';

const path =
  '/users/aaaaaaaaaaaaaaaaaaaaaaaa/mailboxes/bbbbbbbbbbbbbbbbbbbbbbbb/messages/7/attachments/ATT00001';

describe('message srcdoc', () => {
  it('allows remote images in the CSP only with consent', () => {
    expect(buildSrcdoc('<p>x</p>', false)).toContain('img-src data: ;');
    expect(buildSrcdoc('<p>x</p>', true)).toContain('img-src data: https: http:;');
    expect(buildSrcdoc('<p>x</p>', false)).toContain('<base target="_blank">');
    expect(buildSrcdoc('<p>x</p>', false)).toContain("default-src 'none'");
  });

  it('finds inline attachment images and swaps them for data URLs', () => {
    const html = `<img src="${path}"><img src='${path}'><img src="https://x.test/a.png">`;
    expect(inlineImagePaths(html)).toEqual([path]);
    const replaced = replaceInlineImages(html, new Map([[path, 'data:image/png;base64,AA==']]));
    expect(replaced).toBe(
      `<img src="data:image/png;base64,AA=="><img src='data:image/png;base64,AA=='><img src="https://x.test/a.png">`,
    );
  });

  it('opens every link in a new tab without an opener', () => {
    expect(hardenLinks('<a href="https://x.test" target="_self" rel="opener">x</a>')).toBe(
      '<a href="https://x.test" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });
});
