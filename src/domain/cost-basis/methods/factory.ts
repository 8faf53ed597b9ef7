import type { FixedMoney } from '../fixed/fixed-money.js';
import type { CostBasisMethod } from '../settings.js';
import { AverageCostStrategy } from './average.js';
import { fifoStrategy } from './fifo.js';
import { hifoStrategy } from './hifo.js';
import { lifoStrategy } from './lifo.js';
import type { LotStrategy } from './lot-strategy.js';
import { UkPoolingStrategy } from './uk-pooling.js';

const FACTORIES: Record<CostBasisMethod, (fm: FixedMoney) => LotStrategy> = {
  fifo: fifoStrategy,
  lifo: lifoStrategy,
  hifo: hifoStrategy,
  average: (fm) => new AverageCostStrategy(fm),
  uk: (fm) => new UkPoolingStrategy(fm),
};

/** A fresh strategy for `method`, its money in `fm`'s units. */
export function createLotStrategy(method: CostBasisMethod, fm: FixedMoney): LotStrategy {
  return FACTORIES[method](fm);
}
