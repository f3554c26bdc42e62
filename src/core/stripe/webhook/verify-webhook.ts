import Stripe from 'stripe';
import { type WebhookRejectionReason } from './webhook-rejection';

export type VerifiedWebhook =
  | { ok: true; event: Stripe.Event }
  | { ok: false; reason: Extract<WebhookRejectionReason, 'missing_signature' | 'invalid_signature' | 'timestamp_outside_tolerance' | 'invalid_json' | 'not_an_event'>; eventId?: string };

/**
 * Checks a delivery the way Stripe documents (https://docs.stripe.com/webhooks/signature): a `v1` HMAC-SHA256 of
 * `"<t>.<raw body>"` under the endpoint's signing secret, and a timestamp close to now. The SDK's `constructEvent`
 * does the HMAC (constant-time) and refuses timestamps older than the tolerance; it accepts any timestamp in the
 * future, so a captured delivery signed ahead of time would replay for as long as the sender liked — STRIPE-SYNC.md
 * says |now − t| > tolerance, and the future side is checked here. Only then is the body trusted as an event.
 */
export function verifyWebhook(rawBody: Buffer, header: string | undefined, secret: string, options: { toleranceSeconds: number; nowMs: number }): VerifiedWebhook {
  if (!header) return { ok: false, reason: 'missing_signature', ...eventIdOf(rawBody) };
  let parsed: unknown;
  try {
    parsed = Stripe.webhooks.constructEvent(rawBody, header, secret, options.toleranceSeconds, undefined, options.nowMs);
  } catch (error) {
    return { ok: false, reason: reasonFor(error), ...eventIdOf(rawBody) };
  }
  const signedAt = signatureTimestamp(header);
  if (signedAt === undefined || signedAt - Math.floor(options.nowMs / 1000) > options.toleranceSeconds) {
    return { ok: false, reason: 'timestamp_outside_tolerance', ...eventIdOf(rawBody) };
  }
  if (!isEvent(parsed)) return { ok: false, reason: 'not_an_event', ...eventIdOf(rawBody) };
  return { ok: true, event: parsed };
}

function reasonFor(error: unknown): Exclude<Extract<VerifiedWebhook, { ok: false }>['reason'], 'missing_signature'> {
  if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
    // The SDK gives both failures the same class; only its message tells an old timestamp from a wrong HMAC.
    return /tolerance/i.test(error.message) ? 'timestamp_outside_tolerance' : 'invalid_signature';
  }
  // The signature matched, so the bytes are the sender's: JSON.parse failed, or the SDK refused a thin (v2) event.
  if (error instanceof SyntaxError) return 'invalid_json';
  return 'not_an_event';
}

/** `t=` as the SDK reads it (the last one wins), so the future check sees the timestamp the HMAC covered. */
function signatureTimestamp(header: string): number | undefined {
  let timestamp: number | undefined;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') timestamp = Number.parseInt(value ?? '', 10);
  }
  return timestamp !== undefined && Number.isFinite(timestamp) ? timestamp : undefined;
}

function isEvent(value: unknown): value is Stripe.Event {
  if (typeof value !== 'object' || value === null) return false;
  const { id, type, object, created } = value as Record<string, unknown>;
  return typeof id === 'string' && id.length > 0 && typeof type === 'string' && type.length > 0 && object === 'event' && Number.isInteger(created);
}

/**
 * The event id of a refused body, for the log, when the body is JSON with an id shaped like Stripe's. Anything else
 * in a refused body is the sender's text and stays out of the log.
 */
function eventIdOf(rawBody: Buffer): { eventId?: string } {
  try {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { id } = parsed as Record<string, unknown>;
    return typeof id === 'string' && /^evt_[A-Za-z0-9]{1,200}$/.test(id) ? { eventId: id } : {};
  } catch {
    return {};
  }
}
