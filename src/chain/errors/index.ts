export {
  BlockfrostError,
  type BlockfrostErrorReason,
  type BlockfrostErrorDetails,
} from './blockfrost.error.js';
export { BlockfrostNotFoundError } from './blockfrost-not-found.error.js';
export { BlockfrostRateLimitedError } from './blockfrost-rate-limited.error.js';
export { BlockfrostBannedError } from './blockfrost-banned.error.js';
export { DailyBudgetExhaustedError } from './daily-budget-exhausted.error.js';
export { BlockfrostUnavailableError } from './blockfrost-unavailable.error.js';
export { BlockfrostMalformedResponseError } from './blockfrost-malformed-response.error.js';
export { BlockfrostRejectedError } from './blockfrost-rejected.error.js';
