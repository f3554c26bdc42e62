import { parseArgs } from 'node:util';
import { writeTruthFile } from '../sim/account/truth-file';
import { type ListableResource } from '../sim/account/account-view';
import { readPermission } from '../sim/server/permissions';
import { rateLimitProfiles } from '../sim/server/rate-limiter';
import { startSimulator } from '../sim/start-simulator';

/**
 * `npm run sim -- --port 12111 --customers 2000 --seed 7 [--live] [--speed 60] [--webhook-url URL --webhook-secret
 * whsec_…] [--truth-out FILE] [--now ISO] [--rate test|live|off] [--latency-ms N] [--restricted-key rk_test_…=invoices,charges]`
 *
 * Prints the base URL and key on its first line (as shell variables, ready for `npm run sync:stripe`), then serves
 * until interrupted.
 */
const usage = 'Usage: npm run sim -- [--port N] [--customers N] [--seed N] [--now ISO-8601] [--history-months N] [--live] [--speed N] [--webhook-url URL --webhook-secret whsec_…] [--truth-out FILE] [--rate test|live|off] [--latency-ms N] [--api-key sk_test_…] [--restricted-key rk_test_…=resource,resource …]';

/** `rk_test_abc=invoices,charges`: a restricted key that may read everything but those resources (403 there). */
function parseRestrictedKey(text: string): [string, { deny: ListableResource[] }] {
  const [key, list = ''] = text.split('=');
  if (!key || !/^rk_(test|live)_/.test(key)) throw new Error(`--restricted-key needs a key starting with rk_test_ or rk_live_, then =resource,… (got "${text}").`);
  const deny = list.split(',').filter(Boolean);
  const unknown = deny.filter((resource) => !(resource in readPermission));
  if (unknown.length > 0) throw new Error(`--restricted-key: unknown resources ${unknown.join(', ')}; use ${Object.keys(readPermission).join(', ')}.`);
  return [key, { deny: deny as ListableResource[] }];
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a whole number, not "${value}".`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      customers: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      'history-months': { type: 'string' },
      live: { type: 'boolean' },
      speed: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'truth-out': { type: 'string' },
      rate: { type: 'string' },
      'latency-ms': { type: 'string' },
      'api-key': { type: 'string' },
      'restricted-key': { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const now = values.now === undefined ? undefined : Math.floor(Date.parse(values.now) / 1000);
  if (now !== undefined && Number.isNaN(now)) throw new Error(`--now must be an ISO-8601 date, not "${values.now}".`);
  if ((values['webhook-url'] === undefined) !== (values['webhook-secret'] === undefined)) throw new Error('--webhook-url and --webhook-secret go together.');
  if (values['webhook-secret'] !== undefined && !values['webhook-secret'].startsWith('whsec_')) throw new Error('--webhook-secret must start with whsec_.');
  const rate = values.rate ?? 'test';
  if (rate !== 'test' && rate !== 'live' && rate !== 'off') throw new Error('--rate must be test, live or off.');
  const latency = positiveInteger('latency-ms', values['latency-ms'], 0);
  const restrictedKeys = Object.fromEntries((values['restricted-key'] ?? []).map(parseRestrictedKey));

  const simulator = await startSimulator({
    seed: positiveInteger('seed', values.seed, 7),
    customers: positiveInteger('customers', values.customers, 2000),
    now,
    historyMonths: positiveInteger('history-months', values['history-months'], 24),
    port: positiveInteger('port', values.port, 0),
    apiKey: values['api-key'],
    live: values.live ? { speed: positiveInteger('speed', values.speed, 60) } : undefined,
    webhook: values['webhook-url'] && values['webhook-secret'] ? { url: values['webhook-url'], secret: values['webhook-secret'] } : undefined,
    server: {
      extraApiKeys: Object.keys(restrictedKeys),
      restrictedKeys,
      rateLimits: rate === 'off' ? null : rateLimitProfiles[rate],
      latency: { baseMs: latency, perObjectMs: 0 },
    },
  });
  process.stdout.write(`STRIPE_API_BASE=${simulator.url} STRIPE_API_KEY=${simulator.apiKey}\n`);
  const { sizes } = simulator.account;
  process.stderr.write(
    `Simulated account ${simulator.account.renderContext.accountId}: ${sizes.customers} customers, ${sizes.subscriptions} subscriptions, ` +
      `${sizes.invoices} invoices, ${sizes.charges} charges; ${sizes.events} events in the 30-day window and the planned future. ` +
      `Clock: ${new Date(simulator.account.clock.now() * 1000).toISOString()}${values.live ? ` (live, ×${positiveInteger('speed', values.speed, 60)})` : ''}. Ctrl+C to stop.\n`,
  );
  if (values['truth-out']) {
    writeTruthFile(simulator.account, values['truth-out'], simulator.account.clock.now());
    process.stderr.write(`Ground truth written to ${values['truth-out']}\n`);
  }
  const stop = () => {
    void simulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
  process.exit(2);
});
