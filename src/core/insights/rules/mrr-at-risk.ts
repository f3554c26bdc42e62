import { endOfDay } from '../../metrics/history/days';
import { mrrEpsilon } from '../../metrics/history/subscription-timeline';
import { toMinorUnits } from '../../metrics/money';
import { subscriptionMrr } from '../../metrics/mrr/subscription-mrr';
import { loadSubscriptionTimelines, segmentAtEndOf } from '../../metrics/subscription-timelines';
import { byCurrency } from '../by-currency';
import { type InsightRule } from '../insight-rule';
import { insightRows } from '../insight-rows';
import { counted, formatMoney, formatPercent } from '../insight-text';

/**
 * MRR at risk (METRICS.md, "Cash"): the MRR of `past_due` subscriptions. Stripe keeps counting them as MRR while it
 * retries the payment, so they are in today's MRR but may leave it when the retries run out. Each subscription's MRR
 * is read from its own timeline, as the overview's `mrrAtRisk` (metrics/mrr-at-risk.ts) reads it, so the rows add up
 * to that figure; they are listed per subscription, which the overview's per-currency total cannot show. At twice the
 * threshold's share it is critical.
 */
export const mrrAtRisk: InsightRule = {
  id: 'mrr-at-risk',
  readsPresentState: true,
  evaluate({ db, accountId, history, day, thresholds, names }) {
    const percent = thresholds.mrrAtRiskPercent;
    const pastDue = db.prepare<[string], { id: string; customer: string }>("SELECT id, customer FROM subscriptions WHERE account_id = ? AND status = 'past_due'").all(accountId);
    const atRisk = loadSubscriptionTimelines(db, accountId, pastDue).flatMap((timeline) => {
      const state = segmentAtEndOf(timeline, day)?.state;
      if (state?.status !== 'past_due') return [];
      const mrr = subscriptionMrr(state, endOfDay(day), history.settings);
      return mrr > mrrEpsilon ? [{ id: timeline.subscriptionId, customerId: timeline.customerId, currency: timeline.currency, mrr }] : [];
    });
    return [...byCurrency(atRisk)].flatMap(([currency, subscriptions]) => {
      const mrr = history.mrrAt(currency, day);
      const risked = subscriptions.reduce((sum, subscription) => sum + subscription.mrr, 0);
      if (mrr <= mrrEpsilon) return [];
      const share = risked / mrr;
      if (share * 100 < percent) return [];
      const rows = insightRows('subscriptions', 'MRR of the past-due subscription', subscriptions.map((subscription) => ({ customerId: subscription.customerId, objectId: subscription.id, amount: subscription.mrr })), names);
      return [
        {
          id: `mrr-at-risk:${currency}`,
          rule: 'mrr-at-risk',
          severity: share * 100 >= 2 * percent ? 'critical' : 'warning',
          currency,
          title: 'MRR at risk from failed payments',
          sentence: `${counted(subscriptions.length, 'subscription')} ${subscriptions.length === 1 ? 'is' : 'are'} past due, with ${formatMoney(rows.total, currency)} of MRR (${formatPercent(share)} of ${formatMoney(toMinorUnits(mrr), currency)}) that will churn if their payments keep failing.`,
          figures: [
            { key: 'mrrAtRisk', label: 'MRR of past-due subscriptions', value: rows.total, unit: 'money' },
            { key: 'pastDueSubscriptions', label: 'Past-due subscriptions', value: subscriptions.length, unit: 'count' },
            { key: 'mrr', label: 'MRR', value: toMinorUnits(mrr), unit: 'money' },
            { key: 'share', label: 'MRR at risk ÷ MRR', value: share, unit: 'ratio' },
          ],
          thresholds: [{ setting: 'mrrAtRiskPercent', value: percent, description: `MRR at risk stays below ${percent}% of MRR` }],
          rows,
          drilldown: null,
        },
      ];
    });
  },
};
