import { MemoryTokenBucket } from '../../../src/chain/limiter/memory-token-bucket.js';
import { tokenBucketConformance } from '../../integration/chain/token-bucket.conformance.js';

tokenBucketConformance('memory', { create: () => new MemoryTokenBucket() });
