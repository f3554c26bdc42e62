/**
 * The command a person pastes into a terminal to feed Recur's webhook relay: the Stripe CLI logs in to their account,
 * receives its events and forwards each, signed, to the relay on this machine. When it starts, `stripe listen` prints
 * the signing secret it signs with ("Your webhook signing secret is …"); that secret is what Recur needs to verify the
 * deliveries. It stays the same across restarts of `stripe listen` on the same machine and account.
 *
 * `localhost` is what Stripe's docs use; the relay listens on 127.0.0.1, and the CLI tries each address localhost
 * resolves to, so an IPv6-first resolver still reaches it.
 */
export function stripeListenCommand(port: number, path: string): string {
  return `stripe listen --forward-to localhost:${port}${path}`;
}
