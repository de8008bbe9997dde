export interface Selection {
  ids: ReadonlySet<string>;
  /** Index of the row a shift-click extends from. */
  anchor: number | null;
}

export const emptySelection: Selection = { ids: new Set(), anchor: null };

export interface ClickModifiers {
  toggle: boolean;
  range: boolean;
}

/**
 * Click selects one row, ctrl/cmd-click toggles a row, shift-click selects from the anchor to the row.
 * `idAt` answers the id of a loaded row (unloaded rows in a range are skipped).
 */
export const clickSelection = (
  selection: Selection,
  index: number,
  id: string,
  modifiers: ClickModifiers,
  idAt: (index: number) => string | undefined,
): Selection => {
  if (modifiers.range && selection.anchor !== null) {
    const ids = new Set(modifiers.toggle ? selection.ids : []);
    const [from, to] = selection.anchor <= index ? [selection.anchor, index] : [index, selection.anchor];
    for (let at = from; at <= to; at += 1) {
      const rowId = idAt(at);
      if (rowId !== undefined) ids.add(rowId);
    }
    return { ids, anchor: selection.anchor };
  }
  if (modifiers.toggle) return toggleSelection(selection, index, id);
  return { ids: new Set([id]), anchor: index };
};

export const toggleSelection = (selection: Selection, index: number, id: string): Selection => {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ids, anchor: index };
};
