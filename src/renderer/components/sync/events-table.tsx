import { type WebhookEvent } from '../../../shared/contract';
import { RelativeTime } from '../relative-time';

const sourceNames: Record<WebhookEvent['source'], string> = { poll: 'Polling', webhook: 'Webhook' };

/** Stripe events Recur has received, newest first: what came in, how, and whether it was applied. */
export function EventsTable({ events }: { events: WebhookEvent[] }) {
  return (
    <section className="card" aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      <p className="hint">Changes Stripe reported after the full sync, by polling its Events API or through the webhook relay. Duplicates are recorded and ignored.</p>
      {events.length === 0 ? (
        <p className="hint">No events yet: they appear as customers subscribe, pay and change plans.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Type</th>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={`${event.eventId}-${event.source}`}>
                <td>
                  <RelativeTime iso={event.receivedAt} />
                </td>
                <td>
                  <code className="event-type">{event.type}</code>
                </td>
                <td>{sourceNames[event.source]}</td>
                <td>
                  <span className={`badge status-${event.status}`}>{event.status}</span>
                </td>
                <td className="muted">{event.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
