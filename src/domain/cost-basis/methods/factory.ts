import type { CostBasisMethod } from '../settings.js';
import { AverageCostStrategy } from './average.js';
import { fifoStrategy } from './fifo.js';
import { hifoStrategy } from './hifo.js';
import { lifoStrategy } from './lifo.js';
import type { LotStrategy } from './lot-strategy.js';
import { UkPoolingStrategy } from './uk-pooling.js';

const FACTORIES: Record<CostBasisMethod, () => LotStrategy> = {
  fifo: fifoStrategy,
  lifo: lifoStrategy,
  hifo: hifoStrategy,
  average: () => new AverageCostStrategy(),
  uk: () => new UkPoolingStrategy(),
};

/** A fresh strategy for `method`. */
export function createLotStrategy(method: CostBasisMethod): LotStrategy {
  return FACTORIES[method]();
}
