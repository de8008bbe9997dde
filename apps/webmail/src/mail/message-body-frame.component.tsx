'use client';
import { useEffect, useState } from 'react';
import { blobToDataUrl, fetchFileBlob } from './file-blob';
import { buildSrcdoc, hardenLinks, inlineImagePaths, replaceInlineImages } from './message-srcdoc';

/**
 * The HTML body in a sandbox with neither scripts nor our origin. Inline images become data: URLs first, because
 * the frame's opaque origin cannot send our cookies to /api/files.
 */
export function MessageBodyFrame({
  html,
  remoteImages,
  title,
}: {
  html: string;
  remoteImages: boolean;
  title: string;
}) {
  const [srcdoc, setSrcdoc] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const paths = inlineImagePaths(html);
    const build = async () => {
      const dataUrls = new Map<string, string>();
      await Promise.all(
        paths.map(async (path) => {
          try {
            dataUrls.set(path, await blobToDataUrl(await fetchFileBlob(path, controller.signal)));
          } catch {
            // A missing inline image shows as a broken image; the rest of the message still renders.
          }
        }),
      );
      if (!controller.signal.aborted)
        setSrcdoc(buildSrcdoc(hardenLinks(replaceInlineImages(html, dataUrls)), remoteImages));
    };
    void build();
    return () => controller.abort();
  }, [html, remoteImages]);

  if (srcdoc === null) return <div className="message-body-loading">Loading message…</div>;
  return (
    <iframe
      className="message-body-frame"
      data-testid="message-body-frame"
      title={`Message: ${title}`}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      srcDoc={srcdoc}
    />
  );
}
