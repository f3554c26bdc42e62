import { isoDay } from '../metrics/history/days';
import { customerNames, historyForRange, mrrAmount } from './metrics-report-range';
import { defineReport } from './report-definition';

/** One row per customer movement in the range (METRICS.md, "Movements"): the rows behind every movement figure. */
export const movementsReport = defineReport({
  id: 'movements',
  name: 'MRR movements',
  columns: ['date', 'customer_id', 'email', 'name', 'type', 'amount', 'mrr_before', 'mrr_after', 'currency'],
  *rows(db, range) {
    const { history, firstDay, lastDay } = historyForRange(db, range);
    const names = customerNames(db, range.accountId);
    for (const currency of history.currencies()) {
      for (const movement of history.movements(currency, firstDay, lastDay)) {
        const { email, name } = names(movement.customerId);
        yield {
          date: isoDay(movement.day),
          customer_id: movement.customerId,
          email,
          name,
          type: movement.type,
          amount: mrrAmount(movement.amount, currency),
          mrr_before: mrrAmount(movement.mrrBefore, currency),
          mrr_after: mrrAmount(movement.mrrAfter, currency),
          currency,
        };
      }
    }
  },
});
