import { isViewError, type SimAccountView } from '../account/account-view';
import { createRandom } from '../model/random';
import { signatureHeader } from './signature';

export interface WebhookSenderOptions {
  /** Where events are POSTed, e.g. a `stripe listen --forward-to` target. */
  url: string;
  /** The endpoint's signing secret (`whsec_…`). */
  secret: string;
  /** How often the sender looks for new events on the simulator clock. */
  pollMs?: number;
  /** Share of events delivered twice (Stripe does not promise exactly-once). */
  duplicateRate?: number;
  /** Deliver each batch in shuffled order (Stripe does not promise ordering). */
  shuffle?: boolean;
  /** Attempts per event before giving up (Stripe retries for days; the simulator compresses that). */
  maxAttempts?: number;
  retryBaseMs?: number;
  seed?: number;
  /** Unix seconds for the signature timestamp: real time, because receivers check it against their own clock. */
  signingTime?: () => number;
}

export interface WebhookCounters {
  attempts: number;
  delivered: number;
  duplicates: number;
  retries: number;
  abandoned: number;
}

export interface WebhookSender {
  counters: WebhookCounters;
  start(): void;
  /** Delivers everything up to the clock's present, then resolves. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Plays the account's events to a webhook endpoint as the simulator clock passes them, with a real signature, retries
 * with backoff on failure, and (when asked) duplicates and reordering, as Stripe's delivery can.
 */
export function createWebhookSender(view: SimAccountView, options: WebhookSenderOptions): WebhookSender {
  const random = createRandom(options.seed ?? 1);
  const counters: WebhookCounters = { attempts: 0, delivered: 0, duplicates: 0, retries: 0, abandoned: 0 };
  const signingTime = options.signingTime ?? (() => Math.floor(Date.now() / 1000));
  let cursor = view.now();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const deliver = async (payload: string): Promise<void> => {
    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      counters.attempts++;
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signatureHeader(payload, options.secret, signingTime()), 'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
          body: payload,
        });
        await response.arrayBuffer();
        if (response.ok) {
          counters.delivered++;
          return;
        }
      } catch {
        // Connection refused or reset: retried below like a non-2xx answer.
      }
      if (attempt < maxAttempts) {
        counters.retries++;
        await new Promise((resolve) => setTimeout(resolve, (options.retryBaseMs ?? 200) * 2 ** (attempt - 1)));
      }
    }
    counters.abandoned++;
  };

  const sendDue = async (): Promise<void> => {
    const now = view.now();
    if (now <= cursor) return;
    const listed = view.list('events', { created: { gt: cursor, lte: now } });
    cursor = now;
    if (isViewError(listed)) return;
    const payloads: string[] = [];
    for (let position = listed.length - 1; position >= 0; position--) {
      const event = view.retrieve('events', listed.idAt(position));
      if (!event) continue;
      const payload = JSON.stringify(event, null, 2);
      payloads.push(payload);
      if (random.chance(options.duplicateRate ?? 0)) {
        payloads.push(payload);
        counters.duplicates++;
      }
    }
    if (options.shuffle) {
      for (let i = payloads.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [payloads[i], payloads[j]] = [payloads[j] ?? '', payloads[i] ?? ''];
      }
    }
    for (const payload of payloads) await deliver(payload);
  };

  const tick = (): Promise<void> => {
    // A failed round must not stop later ones: delivery errors are counted inside, anything else is dropped here.
    running = running.then(sendDue).catch(() => undefined);
    return running;
  };

  return {
    counters,
    start() {
      timer ??= setInterval(() => void tick(), options.pollMs ?? 250);
    },
    flush: tick,
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
