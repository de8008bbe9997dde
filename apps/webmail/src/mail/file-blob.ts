'use client';
// Message files come through the BFF (/api/files), which adds the session's token; API-relative paths only.

export const filesUrl = (apiPath: string): string =>
  `/api/files${apiPath.startsWith('/') ? '' : '/'}${apiPath}`;

export const fetchFileBlob = async (apiPath: string, signal?: AbortSignal): Promise<Blob> => {
  const response = await fetch(filesUrl(apiPath), { credentials: 'same-origin', signal });
  if (!response.ok) throw new Error(`Could not load the file (${response.status})`);
  return response.blob();
};

export const blobToDataUrl = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the image'));
    reader.readAsDataURL(blob);
  });
