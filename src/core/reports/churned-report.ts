import { isoDay } from '../metrics/history/days';
import { customerNames, historyForRange, mrrAmount } from './metrics-report-range';
import { defineReport } from './report-definition';

/** Customers whose MRR went to 0 in the range, with what they paid before: who to win back. */
export const churnedReport = defineReport({
  id: 'churned',
  name: 'Churned customers',
  columns: ['churned_on', 'customer_id', 'email', 'name', 'mrr_lost', 'currency'],
  *rows(db, range) {
    const { history, firstDay, lastDay } = historyForRange(db, range);
    const names = customerNames(db, range.accountId);
    for (const currency of history.currencies()) {
      for (const movement of history.movements(currency, firstDay, lastDay)) {
        if (movement.type !== 'churn') continue;
        const { email, name } = names(movement.customerId);
        yield { churned_on: isoDay(movement.day), customer_id: movement.customerId, email, name, mrr_lost: mrrAmount(movement.mrrBefore, currency), currency };
      }
    }
  },
});
