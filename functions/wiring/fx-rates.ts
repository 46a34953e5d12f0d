import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import fxRatesFile from '../../config/fx-rates.json' with { type: 'json' };
import { type FxRates, loadFxRates } from '../core/money.ts';

/** How long a warm function keeps the rates before asking SSM again. */
const FX_RATES_MAX_AGE_SECONDS = 300;

const bundledRates = loadFxRates(fxRatesFile);

/**
 * The FX rates to CNY: from the SSM parameter when one is configured (on AWS: an operator can
 * update rates without a deploy), cached by Powertools for five minutes; otherwise the rates
 * file bundled with the code (the embedded default and tests).
 */
export async function currentFxRates(parameterName: string | undefined): Promise<FxRates> {
  if (!parameterName) return bundledRates;
  const value = await getParameter(parameterName, { maxAge: FX_RATES_MAX_AGE_SECONDS, transform: 'json' });
  return loadFxRates(value);
}
