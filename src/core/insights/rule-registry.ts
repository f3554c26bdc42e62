import { insightRuleIds } from '../../shared/contract';
import { type InsightRule } from './insight-rule';
import { annualRenewals } from './rules/annual-renewals';
import { churnSpike } from './rules/churn-spike';
import { couponsEnding } from './rules/coupons-ending';
import { expansionHidingChurn } from './rules/expansion-hiding-churn';
import { failedPaymentsRising } from './rules/failed-payments-rising';
import { mrrAtRisk } from './rules/mrr-at-risk';
import { quickRatioBelowOne } from './rules/quick-ratio-below-one';
import { revenueConcentration } from './rules/revenue-concentration';
import { staleData } from './rules/stale-data';
import { trialsEnding } from './rules/trials-ending';

/** Every insight rule, in the contract's order (which is how insights of one severity are listed). */
export const insightRules: readonly InsightRule[] = [
  staleData,
  churnSpike,
  mrrAtRisk,
  failedPaymentsRising,
  quickRatioBelowOne,
  expansionHidingChurn,
  revenueConcentration,
  trialsEnding,
  couponsEnding,
  annualRenewals,
];

// The contract lists the rule ids the renderer may see; a rule missing here, or here twice, is a mistake to catch early.
if (insightRules.map((rule) => rule.id).join() !== insightRuleIds.join()) throw new Error('The insight rule registry must list every rule of the contract once, in its order.');
