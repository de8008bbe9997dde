// The contract between the mail views and the compose feature (owned by the compose helper).

export type ComposeIntent =
  | { kind: 'new'; to?: string[] }
  | { kind: 'reply' | 'replyAll' | 'forward'; messageId: string }
  | { kind: 'draft'; messageId: string };

export interface ComposeApi {
  openCompose: (intent: ComposeIntent) => void;
}
