/** Names under which secrets are kept in a SecretStore. */
export const secretNames = {
  stripeKey: (accountId: string) => `stripe-key:${accountId}`,
  webhookSecret: (accountId: string) => `webhook-secret:${accountId}`,
};
