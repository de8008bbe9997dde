/** A thread tree node; `uid` null is a dummy (a message referenced but not in the result). */
export interface ThreadNode {
  uid: number | null;
  children: ThreadNode[];
}

/**
 * RFC 5256 section 4 thread data, without the `THREAD` word: `(1)(2 3)(4 (5)(6))`. A node with
 * one child continues its parent's list; two or more children become nested lists. Written with
 * an explicit stack, because a hostile mailbox can make threads thousands of levels deep.
 */
export function formatThreads(roots: readonly ThreadNode[], numberOf: (uid: number) => number): string {
  const out: string[] = [];
  const stack: Array<ThreadNode | string> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(')', roots[i] as ThreadNode, '(');
  while (stack.length > 0) {
    const item = stack.pop() as ThreadNode | string;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const members: number[] = [];
    let node = item;
    let kids = node.children;
    for (;;) {
      if (node.uid !== null) members.push(numberOf(node.uid));
      kids = node.children;
      if (kids.length !== 1) break;
      node = kids[0] as ThreadNode;
    }
    out.push(members.join(' '));
    if (kids.length < 2) continue;
    if (members.length > 0) out.push(' ');
    for (let i = kids.length - 1; i >= 0; i--) stack.push(')', kids[i] as ThreadNode, '(');
  }
  return out.join('');
}

/** Every node below `roots`, parents before children. */
export function preOrder(roots: readonly ThreadNode[]): ThreadNode[] {
  const out: ThreadNode[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop() as ThreadNode;
    out.push(node);
    for (const child of node.children) stack.push(child);
  }
  return out;
}
