import { describe, expect, it } from 'vitest';
import { evaluateInsights } from '../../../src/core/insights/evaluate-insights';
import { type InsightRule } from '../../../src/core/insights/insight-rule';
import { insightRules } from '../../../src/core/insights/rule-registry';
import { type Insight, type InsightRuleId, insightRuleIds, type InsightSeverity } from '../../../src/shared/contract';
import { useTempDatabases } from '../db/temp-database';
import { createMirror, insightContext, todayDay } from './insight-fixture';

function insight(rule: InsightRuleId, severity: InsightSeverity, currency: string | null): Insight {
  return { id: `${rule}:${currency ?? ''}`, rule, severity, currency, title: rule, sentence: rule, figures: [], thresholds: [], rows: null, drilldown: null };
}

function rule(id: InsightRuleId, readsPresentState: boolean, raised: Insight[]): InsightRule {
  return { id, readsPresentState, evaluate: () => raised };
}

describe('evaluateInsights', () => {
  const databases = useTempDatabases();

  it('lists critical insights first, then warnings, then information; within one, in rule order, then by currency', () => {
    const rules = [
      rule('stale-data', true, [insight('stale-data', 'warning', null)]),
      rule('churn-spike', false, [insight('churn-spike', 'warning', 'usd'), insight('churn-spike', 'critical', 'eur')]),
      rule('mrr-at-risk', true, [insight('mrr-at-risk', 'critical', 'usd'), insight('mrr-at-risk', 'critical', 'eur')]),
      rule('trials-ending', true, [insight('trials-ending', 'info', 'usd')]),
      rule('revenue-concentration', false, [insight('revenue-concentration', 'warning', 'gbp')]),
    ];
    const listed = evaluateInsights(insightContext(databases.open()), todayDay, rules).map((found) => found.id);
    expect(listed).toEqual(['churn-spike:eur', 'mrr-at-risk:eur', 'mrr-at-risk:usd', 'stale-data:', 'churn-spike:usd', 'revenue-concentration:gbp', 'trials-ending:usd']);
  });

  it('runs the rules about the present only for today: the mirror does not say what was coming up on an earlier day', () => {
    const rules = [rule('stale-data', true, [insight('stale-data', 'warning', null)]), rule('churn-spike', false, [insight('churn-spike', 'warning', 'usd')])];
    const db = databases.open();
    expect(evaluateInsights(insightContext(db), todayDay, rules).map((found) => found.rule)).toEqual(['stale-data', 'churn-spike']);
    expect(evaluateInsights(insightContext(db, { day: '2025-05-31' }), todayDay, rules).map((found) => found.rule)).toEqual(['churn-spike']);
  });

  it('has every rule of the contract in its registry, once, in the contract’s order', () => {
    expect(insightRules.map((registered) => registered.id)).toEqual([...insightRuleIds]);
  });

  it('raises nothing on an account with no data but a recent sync', () => {
    const db = databases.open();
    createMirror(db).syncRun({ startedAt: '2025-06-15T15:00:00.000Z', finishedAt: '2025-06-15T15:01:00.000Z', status: 'succeeded' });
    expect(evaluateInsights(insightContext(db), todayDay)).toEqual([]);
  });
});
