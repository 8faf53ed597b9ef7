import { BlockfrostMalformedResponseError } from './errors/blockfrost-malformed-response.error.js';

/**
 * Light shape checks on Blockfrost's JSON: the fields the sync relies on are there with the right
 * primitive type. Not a full schema validation (too slow for every page); enough that a truncated,
 * HTML or wrong-endpoint body becomes a typed error instead of a crash deeper in the sync.
 */
export type FieldType =
  'string' | 'number' | 'boolean' | 'array' | 'object' | 'string|null' | 'number|null' | 'object|null';
export type Shape = Record<string, FieldType>;

function fits(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'string|null':
      return value === null || typeof value === 'string';
    case 'number|null':
      return value === null || typeof value === 'number';
    case 'object|null':
      return value === null || (typeof value === 'object' && !Array.isArray(value));
    default:
      return typeof value === type;
  }
}

function mismatch(value: unknown, shape: Shape): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  for (const [key, type] of Object.entries(shape)) {
    if (!fits((value as Record<string, unknown>)[key], type)) return `field "${key}" is not ${type}`;
  }
  return undefined;
}

export function expectObject<T>(endpoint: string, value: unknown, shape: Shape): T {
  const problem = mismatch(value, shape);
  if (problem) throw new BlockfrostMalformedResponseError(`Blockfrost ${endpoint}: ${problem}`, { endpoint });
  return value as T;
}

export function expectArray<T>(endpoint: string, value: unknown, shape: Shape | 'string'): T[] {
  if (!Array.isArray(value)) {
    throw new BlockfrostMalformedResponseError(`Blockfrost ${endpoint}: expected a list`, { endpoint });
  }
  value.forEach((item: unknown, i) => {
    const problem =
      shape === 'string' ? (typeof item === 'string' ? undefined : 'not a string') : mismatch(item, shape);
    if (problem) {
      throw new BlockfrostMalformedResponseError(`Blockfrost ${endpoint}: item ${i}: ${problem}`, {
        endpoint,
      });
    }
  });
  return value as T[];
}
