import { formatListDate, formatSize } from './format-date';

describe('formatListDate', () => {
  const now = new Date(2024, 5, 15, 18, 0);

  it('shows the time for today', () => {
    expect(formatListDate(new Date(2024, 5, 15, 9, 5).toISOString(), now, 'en-GB')).toBe('09:05');
  });

  it('shows day and month earlier this year', () => {
    expect(formatListDate(new Date(2024, 1, 3, 9, 5).toISOString(), now, 'en-GB')).toBe('3 Feb');
  });

  it('shows the full date for earlier years', () => {
    expect(formatListDate(new Date(2021, 1, 3, 9, 5).toISOString(), now, 'en-GB')).toBe('3 Feb 2021');
  });

  it('is empty for a broken date', () => {
    expect(formatListDate('nonsense', now)).toBe('');
  });
});

describe('formatSize', () => {
  it('uses B, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(2048)).toBe('2.0 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5.0 MB');
  });
});
