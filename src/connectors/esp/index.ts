import type { EspProvider } from '../../domain/esp/handoff';
import { cortexProvider } from './cortex';
import { klaviyoProvider } from './klaviyo';
import { omnisendProvider } from './omnisend';
import type { EspProviderModule } from './types';

/** The one list of ESP providers: a new provider is a folder beside these and a line here. */
export const espProviders: Record<EspProvider, EspProviderModule> = {
  klaviyo: klaviyoProvider,
  omnisend: omnisendProvider,
  cortex: cortexProvider,
};

export { EspError } from './errors';
export type { EspProviderModule, EspStepDefinition, EspStepOutcome, EspServices, EspHandoffContext } from './types';
