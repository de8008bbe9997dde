export type AccountsErrorCode =
  'INVALID_ADDRESS' | 'ADDRESS_EXISTS' | 'ADDRESS_NOT_FOUND' | 'WEAK_PASSWORD' | 'APP_PASSWORD_NOT_FOUND';

/** Account-management failures with stable codes; each edge (REST, GraphQL, CLI) maps them itself. */
export class AccountsError extends Error {
  constructor(
    readonly code: AccountsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountsError';
  }
}

export const isAccountsError = (error: unknown): error is AccountsError => error instanceof AccountsError;
