/** What each sealed column is bound to, so a ciphertext cannot be moved to another row's place. */
export const inboxContext = 'inbox';
export const stateContext = (conversationId: string) => `state:${conversationId}`;
export const userContext = (conversationId: string) => `user:${conversationId}`;
export const outboxContext = (conversationId: string) => `outbox:${conversationId}`;
