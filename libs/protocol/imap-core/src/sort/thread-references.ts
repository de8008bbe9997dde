import type { SortRecord } from '../imap-backend';
import { type BaseSubject, extractBaseSubject } from './base-subject';
import { collationKey } from './collation';
import { sentTime } from './sort-keys';
import { type ThreadNode, preOrder } from './thread-node';

/** A message or a dummy while the threads are built; the parent link makes loop checks cheap. */
interface Box extends ThreadNode {
  children: Box[];
  parent: Box | null;
  record: SortRecord | null;
  subject: BaseSubject | null;
}

const box = (record: SortRecord | null): Box => ({
  uid: record?.uid ?? null,
  children: [],
  parent: null,
  record,
  subject: record ? extractBaseSubject(record.subject) : null,
});

function unlink(child: Box): void {
  const parent = child.parent;
  if (!parent) return;
  const i = parent.children.indexOf(child);
  if (i >= 0) parent.children.splice(i, 1);
  child.parent = null;
}

/** True when making `parent` the parent of `child` would close a loop (`parent` is `child` or below it). */
function wouldLoop(parent: Box, child: Box): boolean {
  // Nothing hangs below a childless box, so only the box itself can close a loop; this keeps
  // long reply chains linear instead of walking up the whole chain for every message.
  if (child.children.length === 0) return parent === child;
  for (let b: Box | null = parent; b; b = b.parent) if (b === child) return true;
  return false;
}

function link(parent: Box, child: Box): void {
  child.parent = parent;
  parent.children.push(child);
}

/** Step 1: link messages by Message-ID, References and In-Reply-To; returns every box made. */
function linkByReferences(records: readonly SortRecord[]): Box[] {
  const byId = new Map<string, Box>();
  const all: Box[] = [];
  const lookup = (id: string): Box => {
    let found = byId.get(id);
    if (!found) {
      found = box(null);
      byId.set(id, found);
      all.push(found);
    }
    return found;
  };
  // Mailbox order: a Message-ID belongs to the first message that carries it.
  const ordered = [...records].sort((a, b) => a.uid - b.uid);
  for (const record of ordered) {
    const id = record.messageId;
    let self: Box;
    const known = id === null ? undefined : byId.get(id);
    if (id !== null && known && known.record === null) {
      // A dummy made for an earlier reference becomes this message.
      known.record = record;
      known.uid = record.uid;
      known.subject = extractBaseSubject(record.subject);
      self = known;
    } else {
      // No id, or a duplicate: a unique id nobody can reference, i.e. no map entry at all.
      self = box(record);
      all.push(self);
      if (id !== null && !known) byId.set(id, self);
    }
    const refs =
      record.references.length > 0 ? record.references : record.inReplyTo ? [record.inReplyTo] : [];
    // 1.A: each reference is the parent of the next, unless already linked or that would loop.
    for (let i = 0; i + 1 < refs.length; i++) {
      const parent = lookup(refs[i] as string);
      const child = lookup(refs[i + 1] as string);
      if (child.parent === null && !wouldLoop(parent, child)) link(parent, child);
    }
    // 1.B: the last reference is the parent, replacing a link a truncated References made.
    const last = refs[refs.length - 1];
    if (last === undefined) unlink(self);
    else {
      const parent = lookup(last);
      // The old link goes even when the new one would loop (RFC 5256 step 1.B): it came from elsewhere.
      if (self.parent !== parent) {
        unlink(self);
        if (!wouldLoop(parent, self)) link(parent, self);
      }
    }
  }
  return all;
}

/** Step 4, children before parents: dummies go, their children move up (at the root only if alone). */
function prune(root: Box): void {
  const order = preOrder([root]) as Box[];
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as Box;
    const kept: Box[] = [];
    for (const child of node.children) {
      if (child.record !== null) kept.push(child);
      else if (child.children.length === 0) continue;
      else if (node !== root || child.children.length === 1) {
        for (const grandchild of child.children) {
          grandchild.parent = node;
          kept.push(grandchild);
        }
      } else kept.push(child);
    }
    node.children = kept;
  }
}

/** The base subject that stands for a thread: its root's, or a dummy root's first child's. */
function threadSubject(b: Box): BaseSubject | null {
  return b.record ? b.subject : (b.children[0]?.subject ?? null);
}

/** Step 5: top-level threads with the same base subject are gathered. */
function groupBySubject(root: Box): void {
  const table = new Map<string, Box>();
  const keyOf = (b: Box): string | null => {
    const subject = threadSubject(b);
    return subject && subject.subject !== '' ? collationKey(subject.subject) : null;
  };
  for (const child of root.children) {
    const key = keyOf(child);
    if (key === null) continue;
    const held = table.get(key);
    if (!held) table.set(key, child);
    else if (
      held.record !== null &&
      (child.record === null || (held.subject?.replyOrForward === true && !child.subject?.replyOrForward))
    )
      table.set(key, child);
  }
  // Roots leave by marking and one final filter: splicing each out would be quadratic.
  const roots = root.children;
  const position = new Map(roots.map((b, i) => [b, i]));
  const gone = new Set<Box>();
  for (let i = 0; i < roots.length; i++) {
    const child = roots[i] as Box;
    const key = keyOf(child);
    if (key === null) continue;
    const held = table.get(key) as Box;
    if (held === child) continue;
    gone.add(child);
    if (held.record === null && child.record === null) {
      for (const grandchild of child.children) link(held, grandchild);
    } else if (held.record === null || (child.subject?.replyOrForward && !held.subject?.replyOrForward)) {
      link(held, child);
    } else {
      // A new dummy takes the table message's place among the roots, with both below it.
      const dummy = box(null);
      const at = position.get(held) as number;
      roots[at] = dummy;
      position.set(dummy, at);
      dummy.parent = root;
      link(dummy, held);
      link(dummy, child);
      table.set(key, dummy);
    }
  }
  root.children = roots.filter((b) => !gone.has(b));
}

/** Step 6: siblings by sent date then mailbox order, deepest first; a dummy sorts as its first child. */
function sortSiblings(root: Box): void {
  const order = preOrder([root]) as Box[];
  const keyOf = (b: Box): [number, number] => {
    const r = b.record ?? b.children[0]?.record;
    return r ? [sentTime(r), r.uid] : [0, 0];
  };
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as Box;
    if (node.children.length < 2) continue;
    const keys = new Map(node.children.map((c) => [c, keyOf(c)]));
    node.children.sort((a, b) => {
      const [x, xu] = keys.get(a) as [number, number];
      const [y, yu] = keys.get(b) as [number, number];
      return x - y || xu - yu;
    });
  }
}

/** THREAD=REFERENCES (RFC 5256 section 3). */
export function threadByReferences(records: readonly SortRecord[]): ThreadNode[] {
  const all = linkByReferences(records);
  // Step 2: the parentless are the roots; step 3 (forgetting the id table) happens as `byId` goes.
  const root = box(null);
  for (const b of all) if (b.parent === null) link(root, b);
  prune(root);
  groupBySubject(root);
  sortSiblings(root);
  return strip(root.children);
}

/** Plain nodes for the caller, without the parent links that make the tree cyclic. */
function strip(boxes: readonly Box[]): ThreadNode[] {
  const top: ThreadNode[] = [];
  const stack: Array<[Box, ThreadNode[]]> = boxes.map((b) => [b, top]);
  stack.reverse();
  while (stack.length > 0) {
    const [b, into] = stack.pop() as [Box, ThreadNode[]];
    const node: ThreadNode = { uid: b.uid, children: [] };
    into.push(node);
    for (let i = b.children.length - 1; i >= 0; i--) stack.push([b.children[i] as Box, node.children]);
  }
  return top;
}
