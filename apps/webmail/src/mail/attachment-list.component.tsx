'use client';
import { useEffect, useState } from 'react';
import { fetchFileBlob, filesUrl } from './file-blob';
import { formatSize } from './format-date';

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  downloadUrl: string;
}

function Thumbnail({ path, name }: { path: string; name: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    fetchFileBlob(path, controller.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => undefined);
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [path]);
  return url ? (
    <img className="attachment-thumb" src={url} alt={`Preview of ${name}`} />
  ) : (
    <span className="attachment-thumb" />
  );
}

export function AttachmentList({ attachments }: { attachments: AttachmentView[] }) {
  if (!attachments.length) return null;
  return (
    <ul className="attachment-list" aria-label="Attachments">
      {attachments.map((attachment) => (
        <li
          key={attachment.id}
          className="attachment"
          data-testid="attachment"
          data-filename={attachment.filename}
        >
          {attachment.contentType.startsWith('image/') ? (
            <Thumbnail path={attachment.downloadUrl} name={attachment.filename} />
          ) : (
            <span className="attachment-thumb file" aria-hidden="true">
              📄
            </span>
          )}
          <span className="attachment-name">{attachment.filename || attachment.id}</span>
          <span className="muted">{formatSize(attachment.size)}</span>
          <a
            className="button"
            data-testid="attachment-download"
            href={filesUrl(attachment.downloadUrl)}
            download={attachment.filename || undefined}
          >
            Download
          </a>
        </li>
      ))}
    </ul>
  );
}
