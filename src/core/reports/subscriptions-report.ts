import { flag, isoTime } from './report-cells';
import { defineReport, type ReportRange } from './report-definition';

interface SubscriptionRecord {
  id: string;
  customer: string;
  status: string;
  currency: string;
  start_date: number | null;
  trial_end: number | null;
  cancel_at_period_end: number;
  canceled_at: number | null;
  ended_at: number | null;
  current_period_end: number | null;
  created: number | null;
}

/** Every subscription created in the range, whatever its status now; its times as ISO 8601, empty when not set. */
export const subscriptionsReport = defineReport({
  id: 'subscriptions',
  name: 'Subscriptions',
  columns: [
    'subscription_id',
    'customer_id',
    'status',
    'currency',
    'start_date',
    'trial_end',
    'cancel_at_period_end',
    'canceled_at',
    'ended_at',
    'current_period_end',
    'created_at',
  ],
  *rows(db, range) {
    const statement = db.prepare<[ReportRange], SubscriptionRecord>(
      `SELECT id, customer, status, currency, start_date, trial_end, cancel_at_period_end, canceled_at, ended_at,
              current_period_end, created
       FROM subscriptions
       WHERE account_id = @accountId AND created >= @from AND created < @to
       ORDER BY created, id`,
    );
    for (const subscription of statement.iterate(range)) {
      yield {
        subscription_id: subscription.id,
        customer_id: subscription.customer,
        status: subscription.status,
        currency: subscription.currency,
        start_date: isoTime(subscription.start_date),
        trial_end: isoTime(subscription.trial_end),
        cancel_at_period_end: flag(subscription.cancel_at_period_end),
        canceled_at: isoTime(subscription.canceled_at),
        ended_at: isoTime(subscription.ended_at),
        current_period_end: isoTime(subscription.current_period_end),
        created_at: isoTime(subscription.created),
      };
    }
  },
});
