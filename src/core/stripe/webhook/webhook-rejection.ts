/**
 * Every way the webhook relay turns a request down, with the status it answers and the message it gives. The reason
 * is the stable part (`{ error: reason }` in the answer, `reason` in the log and in the listener's stats); the message
 * is for a person reading `stripe listen` output.
 *
 * Signature, timestamp, content type and body problems answer 400 as STRIPE-SYNC.md asks (Stripe, and `stripe
 * listen`, treat any non-2xx as "retry later"). An oversized body answers 413, the status that names the problem.
 */
export const webhookRejections = {
  not_found: { status: 404, message: 'No webhook endpoint at this path.' },
  method_not_allowed: { status: 405, message: 'The webhook endpoint accepts POST only.' },
  no_signing_secret: {
    status: 503,
    message: 'The webhook relay has no signing secret: paste the signing secret that `stripe listen` prints into Recur.',
  },
  unsupported_content_type: { status: 400, message: 'Stripe webhooks are sent as application/json (UTF-8).' },
  body_too_large: { status: 413, message: 'The body is larger than any Stripe event; the relay stopped reading it.' },
  request_aborted: { status: 400, message: 'The request ended before its body was complete.' },
  missing_signature: { status: 400, message: 'The Stripe-Signature header is missing.' },
  invalid_signature: { status: 400, message: 'No v1 signature in the Stripe-Signature header matches this body and the signing secret.' },
  timestamp_outside_tolerance: { status: 400, message: 'The signature timestamp is too far from now (a replay, or a clock that is off).' },
  invalid_json: { status: 400, message: 'The signed body is not JSON.' },
  not_an_event: { status: 400, message: 'The signed body is not a Stripe event (id, type, created and object "event").' },
  internal_error: { status: 500, message: 'The event could not be recorded; deliver it again later.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type WebhookRejectionReason = keyof typeof webhookRejections;
