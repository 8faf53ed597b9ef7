import type { ProtocolDetector } from '../detector.js';
import { jpgstoreDetector } from './jpgstore/jpgstore.detector.js';
import { knownScriptsDetector } from './known-scripts/known-scripts.detector.js';
import { minswapDetector } from './minswap/minswap.detector.js';
import { sundaeswapDetector } from './sundaeswap/sundaeswap.detector.js';
import { wingridersDetector } from './wingriders/wingriders.detector.js';

/**
 * Every protocol detector, in the order they are asked. Adding a protocol = adding a folder and one
 * line here. The known-scripts fallback stays last.
 */
export const DETECTORS: readonly ProtocolDetector[] = [
  minswapDetector,
  sundaeswapDetector,
  wingridersDetector,
  jpgstoreDetector,
  knownScriptsDetector,
];
