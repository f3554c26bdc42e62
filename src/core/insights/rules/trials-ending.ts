import { dayOf } from '../../metrics/history/days';
import { subscriptionMrr } from '../../metrics/mrr/subscription-mrr';
import { byCurrency } from '../by-currency';
import { currentSubscriptions } from '../current-subscriptions';
import { type InsightRule } from '../insight-rule';
import { insightRows } from '../insight-rows';
import { counted, formatMoney } from '../insight-text';

/**
 * Trials ending soon: `trialing` subscriptions whose trial ends within the next few days, each with the MRR it brings
 * if it converts — its MRR as an active subscription at the end of the trial (a trial set to cancel brings none under
 * the default cancellation setting, and shows with 0).
 */
export const trialsEnding: InsightRule = {
  id: 'trials-ending',
  readsPresentState: true,
  evaluate({ db, accountId, history, now, thresholds, names }) {
    const days = thresholds.trialsEndingDays;
    const ending = db
      .prepare<[string, number, number], string>("SELECT id FROM subscriptions WHERE account_id = ? AND status = 'trialing' AND trial_end > ? AND trial_end <= ?")
      .pluck()
      .all(accountId, now, now + days * 86_400);
    const trials = currentSubscriptions(db, accountId, ending).map((subscription) => {
      const trialEnd = subscription.trialEnd ?? now;
      return { ...subscription, trialEnd, mrr: subscriptionMrr({ ...subscription.state, status: 'active' }, trialEnd, history.settings) };
    });
    return [...byCurrency(trials)].map(([currency, subscriptions]) => {
      const rows = insightRows('subscriptions', 'MRR if it converts', subscriptions.map((trial) => ({ customerId: trial.customerId, objectId: trial.id, amount: trial.mrr, day: dayOf(trial.trialEnd) })), names);
      return {
        id: `trials-ending:${currency}`,
        rule: 'trials-ending',
        severity: 'info',
        currency,
        title: 'Trials ending soon',
        sentence: `${counted(subscriptions.length, 'trial')} ${subscriptions.length === 1 ? 'ends' : 'end'} in the next ${counted(days, 'day')}; converted, ${subscriptions.length === 1 ? 'it adds' : 'they add'} ${formatMoney(rows.total, currency)} of MRR.`,
        figures: [
          { key: 'trials', label: `Trials ending in the next ${counted(days, 'day')}`, value: subscriptions.length, unit: 'count' },
          { key: 'potentialMrr', label: 'MRR if they all convert', value: rows.total, unit: 'money' },
        ],
        thresholds: [{ setting: 'trialsEndingDays', value: days, description: `trials ending within ${counted(days, 'day')} are shown` }],
        rows,
        drilldown: null,
      };
    });
  },
};
