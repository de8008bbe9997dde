'use client';
// "Always show images from <sender>" is remembered per address in this browser only.

const key = (address: string): string => `eider:images:${address.toLowerCase()}`;

export const alwaysShowsImages = (address: string | undefined): boolean => {
  if (!address) return false;
  try {
    return localStorage.getItem(key(address)) === '1';
  } catch {
    return false;
  }
};

export const rememberImages = (address: string): void => {
  try {
    localStorage.setItem(key(address), '1');
  } catch {
    // Without storage the choice lasts for this message only.
  }
};
