import type { FilterAction, FilterQuery, ForwardTarget, MessageFacts, ResolvedActions } from './filter.types';

const contains = (haystack: string, needle: string): boolean => haystack.includes(needle.toLowerCase());

/** True when every field the query sets matches; an empty query matches everything. */
export const matchesQuery = (query: FilterQuery, facts: MessageFacts): boolean => {
  if (query.from !== undefined && !facts.from.some((value) => contains(value, query.from ?? '')))
    return false;
  if (query.to !== undefined && !facts.to.some((value) => contains(value, query.to ?? ''))) return false;
  if (query.subject !== undefined && !contains(facts.subject, query.subject)) return false;
  if (query.listId !== undefined && !contains(facts.listId, query.listId)) return false;
  if (query.text !== undefined && !contains(facts.text, query.text)) return false;
  if (query.ha !== undefined && facts.hasAttachments !== query.ha) return false;
  if (query.size !== undefined && query.size !== 0) {
    if (query.size > 0 && !(facts.size > query.size)) return false;
    if (query.size < 0 && !(facts.size < -query.size)) return false;
  }
  return true;
};

/** Classifies a target string; null when it is none of the supported kinds. */
export const parseForwardTarget = (target: string): ForwardTarget | null => {
  const value = target.trim();
  if (/^https?:\/\//i.test(value)) {
    return URL.canParse(value) ? { kind: 'http', value } : null;
  }
  if (/^smtps?:\/\//i.test(value)) {
    return URL.canParse(value) ? { kind: 'smtp', value } : null;
  }
  const address = value.replace(/^mailto:/i, '');
  return /^[^\s@<>]+@[^\s@<>]+$/u.test(address) ? { kind: 'address', value: address } : null;
};

interface NamedFilter {
  name: string;
  query: FilterQuery;
  action: FilterAction;
}

/**
 * Runs filters in creation order. The first matching filter that sets an action field decides it; later
 * filters only fill fields still undecided. Forward targets are the exception: they accumulate.
 */
export const resolveActions = (filters: readonly NamedFilter[], facts: MessageFacts): ResolvedActions => {
  const decided: Omit<ResolvedActions, 'targets' | 'matched'> & { targets: ForwardTarget[] } = {
    seen: false,
    flag: false,
    delete: false,
    spam: undefined,
    mailbox: undefined,
    targets: [],
  };
  const set = new Set<keyof FilterAction>();
  const matched: string[] = [];
  const seenTargets = new Set<string>();
  const decide = <K extends 'seen' | 'flag' | 'delete' | 'spam' | 'mailbox'>(
    key: K,
    value: ResolvedActions[K] | undefined,
  ): void => {
    if (value === undefined || set.has(key)) return;
    set.add(key);
    decided[key] = value;
  };
  for (const filter of filters) {
    if (!matchesQuery(filter.query, facts)) continue;
    matched.push(filter.name);
    const { action } = filter;
    decide('seen', action.seen);
    decide('flag', action.flag);
    decide('delete', action.delete);
    decide('spam', action.spam);
    decide('mailbox', action.mailbox);
    for (const raw of action.targets ?? []) {
      const target = parseForwardTarget(raw);
      if (!target || seenTargets.has(target.value.toLowerCase())) continue;
      seenTargets.add(target.value.toLowerCase());
      decided.targets.push(target);
    }
  }
  return { ...decided, matched };
};
