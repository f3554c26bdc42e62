/**
 * A response body as the bytes Stripe sends: JSON indented by two spaces, UTF-8. Serialising is most of what serving a
 * list page costs (an invoice page is ~0.5 MB), so the encoding step avoids `Buffer.from(text)`, which measures the
 * UTF-8 length in one pass and encodes in another: `encodeInto` encodes in one pass into a buffer sized for the
 * common case, where nearly every character is ASCII.
 */

const encoder = new TextEncoder();

/** Room for multi-byte characters (names with accents) beyond one byte per UTF-16 unit. */
const slackBytes = 4096;

export function jsonPayload(body: object): Buffer {
  const text = JSON.stringify(body, null, 2);
  const buffer = Buffer.allocUnsafe(text.length + slackBytes);
  const { read, written } = encoder.encodeInto(text, buffer);
  // Too many multi-byte characters for the slack: the exact length is measured after all.
  if (read < text.length) return Buffer.from(text);
  return buffer.subarray(0, written);
}
