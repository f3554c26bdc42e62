import { type CoreContext } from '../core-context';
import { type DomainHandlers } from './handler-table';

export function appHandlers(context: CoreContext): DomainHandlers<'app:info'> {
  return {
    'app:info': () => ({ ...context.app }),
  };
}
