import type { Command } from 'commander';
import type { CreditBalance } from '../store/sms-credit-ledger';
import { type OperatorEndpoint, operatorEndpoint, operatorRequest } from './context';

const path = (store: string, rest = ''): string => `/api/stores/${encodeURIComponent(store)}/credits${rest}`;

export function showCredits(api: OperatorEndpoint, store: string): Promise<CreditBalance> {
  return operatorRequest<CreditBalance>(api, 'GET', path(store));
}

export async function topUpCredits(api: OperatorEndpoint, store: string, credits: number): Promise<CreditBalance> {
  if (!Number.isInteger(credits) || credits <= 0) throw new Error(`credits: a positive whole number, got "${credits}"`);
  return operatorRequest<CreditBalance>(api, 'POST', path(store, '/topup'), { credits });
}

export function formatCredits(b: CreditBalance): string {
  return [
    `SMS credits of ${b.store}: ${b.total}`,
    `  monthly allowance ${b.monthlyAllowance}, ${b.allowanceLeft} left in ${b.period}`,
    `  top-ups (never expire) ${b.topupBalance}`,
    ...(b.exhaustedNoticePeriod === b.period ? ['  ran out this month: alerts fell back to push or email'] : []),
  ].join('\n');
}

export function registerCreditCommands(program: Command): void {
  const credits = program.command('credits').description('a store\'s SMS credits (one per SMS segment)');
  credits.command('show').argument('<store>', 'the store').description('the balance: this month\'s allowance and top-ups')
    .action(async (store: string) => console.log(formatCredits(await showCredits(operatorEndpoint(), store))));
  credits.command('topup').argument('<store>', 'the store').argument('[n]', 'credits to add', '100').description('add credits that never expire')
    .action(async (store: string, n: string) => console.log(formatCredits(await topUpCredits(operatorEndpoint(), store, Number(n)))));
}
