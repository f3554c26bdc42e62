import fs from 'node:fs';
import { stripeDefaultMrrSettings } from '../model/mrr-truth';
import { type GeneratedAccount } from './generated-account';
import { dailyMrrByCustomer, historyDays, truthResources, visitObjectsAt } from './ground-truth';

/**
 * Writes the ground truth at instant `at` as one JSON document: every object by resource, and MRR per customer per
 * day (end of day — for the day containing `at`, as of `at` —, fractional minor units, Stripe's default settings). Written piece by piece, so a large account
 * never has to fit in memory as one string.
 */
export function writeTruthFile(account: GeneratedAccount, filePath: string, at: number): void {
  const fd = fs.openSync(filePath, 'w');
  try {
    const write = (text: string) => fs.writeSync(fd, text);
    write(`{"at":${JSON.stringify(new Date(at * 1000).toISOString())},"unix":${at},"account":${JSON.stringify(account.renderContext.accountId)},"objects":{`);
    // One pass per resource keeps memory flat: objects are written as they are rendered, never collected.
    truthResources.forEach((resource, index) => {
      write(`${index > 0 ? ',' : ''}${JSON.stringify(resource)}:[`);
      let position = 0;
      visitObjectsAt(account, at, (_, object) => write(`${position++ > 0 ? ',' : ''}\n${JSON.stringify(object)}`), resource);
      write(']');
    });
    const { firstDay, days } = historyDays(account, at);
    write(`},"mrr":{"settings":${JSON.stringify(stripeDefaultMrrSettings)},"firstDay":${JSON.stringify(new Date(firstDay * 1000).toISOString().slice(0, 10))},"days":${days},"customers":{`);
    let first = true;
    for (const { customerId, currency, mrr } of dailyMrrByCustomer(account, at)) {
      write(`${first ? '' : ','}\n${JSON.stringify(customerId)}:{"currency":${JSON.stringify(currency)},"mrr":${JSON.stringify(Array.from(mrr, (value) => Math.round(value * 10_000) / 10_000))}}`);
      first = false;
    }
    write('}}}\n');
  } finally {
    fs.closeSync(fd);
  }
}
