import { z } from 'zod';

/** Shared zod schemas of the API (requests and responses). */
export const errorBodySchema = z.object({
  error: z.string().meta({ description: 'Machine-readable code, e.g. not_found, token_expired' }),
  message: z.string(),
  statusCode: z.number().int(),
  requestId: z.string(),
  details: z.unknown().optional(),
});

export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  404: errorBodySchema,
};

/** Comma-separated wallet ids (the caller's own); absent = all wallets. */
export const walletIdsQuery = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .optional()
  .meta({ description: 'Comma-separated wallet ids; default all of your wallets' });

export const isoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((s) => new Date(s));

export const tokenSchema = z.object({
  unit: z.string(),
  name: z.string().nullable(),
  ticker: z.string().nullable(),
  decimals: z.number().int(),
});

export const flowSchema = tokenSchema.extend({
  quantity: z.string().meta({ description: 'Raw integer quantity (signed, from the wallet view)' }),
  amount: z.string().meta({ description: 'Quantity with decimals applied' }),
});

export const transactionSchema = z.object({
  id: z.string(),
  walletAddress: z.string(),
  txHash: z.string(),
  blockHeight: z.number().int(),
  timestamp: z.string(),
  action: z.string(),
  protocol: z.string().nullable(),
  description: z.string().nullable(),
  netAdaChange: z.string().meta({ description: 'Lovelace' }),
  fees: z.string().meta({ description: 'Lovelace' }),
  actionId: z.string().nullable(),
  flows: z.array(flowSchema),
});

export const bearerSecurity = [{ bearerAuth: [] }];
