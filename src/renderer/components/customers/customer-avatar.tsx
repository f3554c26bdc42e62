/** A round monogram, its hue picked from the customer id so the same customer always has the same colour. */
export function CustomerAvatar({ customerId, name, email, size = 28 }: { customerId: string; name: string | null; email: string | null; size?: number }) {
  return (
    <span className="customer-avatar" aria-hidden="true" style={{ '--avatar-hue': hueOf(customerId), width: size, height: size, fontSize: Math.round(size * 0.4) } as React.CSSProperties}>
      {initials(name, email)}
    </span>
  );
}

export function initials(name: string | null, email: string | null): string {
  const source = name?.trim() || email?.split('@')[0]?.replace(/[._-]+/g, ' ').trim() || '';
  const all = source.split(/\s+/).filter(Boolean);
  // Initials are letters: "Bulk Person 42" is BP, not B4.
  const lettered = all.filter((word) => /^\p{L}/u.test(word));
  const words = lettered.length > 0 ? lettered : all;
  if (words.length === 0) return '?';
  const first = [...(words[0] ?? '')][0] ?? '';
  const last = words.length > 1 ? ([...(words[words.length - 1] ?? '')][0] ?? '') : '';
  return (first + last).toUpperCase();
}

function hueOf(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) hash = (hash * 31 + text.charCodeAt(index)) | 0;
  return Math.abs(hash) % 360;
}

/** What to call a customer: their name, else their email, else their id. */
export function customerLabel(customer: { name: string | null; email: string | null; customerId: string }): string {
  return customer.name?.trim() || customer.email?.trim() || customer.customerId;
}
