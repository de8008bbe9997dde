import { clickSelection, emptySelection } from './selection';

const ids = ['m0', 'm1', 'm2', 'm3', 'm4'];
const idAt = (index: number) => ids[index];
const plain = { toggle: false, range: false };

describe('clickSelection', () => {
  it('selects only the clicked row on a plain click', () => {
    const first = clickSelection(emptySelection, 1, 'm1', plain, idAt);
    const second = clickSelection(first, 3, 'm3', plain, idAt);
    expect([...second.ids]).toEqual(['m3']);
    expect(second.anchor).toBe(3);
  });

  it('toggles rows with ctrl/cmd', () => {
    const first = clickSelection(emptySelection, 1, 'm1', plain, idAt);
    const both = clickSelection(first, 3, 'm3', { toggle: true, range: false }, idAt);
    expect([...both.ids].sort()).toEqual(['m1', 'm3']);
    const one = clickSelection(both, 1, 'm1', { toggle: true, range: false }, idAt);
    expect([...one.ids]).toEqual(['m3']);
  });

  it('selects a range from the anchor with shift, in either direction', () => {
    const first = clickSelection(emptySelection, 3, 'm3', plain, idAt);
    const range = clickSelection(first, 1, 'm1', { toggle: false, range: true }, idAt);
    expect([...range.ids].sort()).toEqual(['m1', 'm2', 'm3']);
    expect(range.anchor).toBe(3);
  });
});
