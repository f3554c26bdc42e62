import { type Insight, insightRuleIds, insightSeverities } from '../../shared/contract';
import { type InsightContext, type InsightRule } from './insight-rule';
import { insightRules } from './rule-registry';

/**
 * Runs the rules for `context.day` and lists what they raise, most severe first. Rules that read the mirror's present
 * state run only when the day is today (`today`), since the mirror cannot say what was coming up on an earlier day.
 */
export function evaluateInsights(context: InsightContext, today: number, rules: readonly InsightRule[] = insightRules): Insight[] {
  const checksPresent = context.day >= today;
  const insights = rules.filter((rule) => checksPresent || !rule.readsPresentState).flatMap((rule) => rule.evaluate(context));
  return insights.sort(
    (a, b) =>
      insightSeverities.indexOf(a.severity) - insightSeverities.indexOf(b.severity) ||
      insightRuleIds.indexOf(a.rule) - insightRuleIds.indexOf(b.rule) ||
      (a.currency ?? '').localeCompare(b.currency ?? ''),
  );
}
