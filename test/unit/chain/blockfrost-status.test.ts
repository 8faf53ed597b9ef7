import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyStatus, parseErrorBody } from '../../../src/chain/blockfrost-status.js';

describe('classifyStatus', () => {
  it('maps Blockfrost statuses as documented', () => {
    expect(classifyStatus(200, {}).kind).toBe('ok');
    expect(classifyStatus(402, {}).kind).toBe('daily_cap');
    expect(classifyStatus(418, {}).kind).toBe('banned');
    expect(classifyStatus(404, {}).kind).toBe('not_found');
    expect(classifyStatus(500, {}).kind).toBe('retry');
    expect(classifyStatus(503, {}).kind).toBe('retry');
    expect(classifyStatus(425, {}).kind).toBe('retry');
    expect(classifyStatus(400, {}).kind).toBe('rejected');
    expect(classifyStatus(403, {}).kind).toBe('rejected');
  });

  it('treats a 429 as the per-second limit unless the body or our own count says the day is spent', () => {
    const perSecond = { status_code: 429, error: 'Project Over Limit', message: 'Usage is over limit.' };
    expect(classifyStatus(429, perSecond).kind).toBe('rate_limited');
    expect(classifyStatus(429, perSecond, { requestsToday: 100, dailyLimit: 50_000 }).kind).toBe(
      'rate_limited',
    );
    expect(classifyStatus(429, perSecond, { requestsToday: 50_000, dailyLimit: 50_000 }).kind).toBe(
      'daily_cap',
    );
    expect(classifyStatus(429, { message: 'Daily request limit exceeded' }).kind).toBe('daily_cap');
  });
});

describe('parseErrorBody', () => {
  it('reads Blockfrost error bodies and ignores anything else', () => {
    expect(
      parseErrorBody('{"status_code":418,"error":"Requested Banned","message":"IP has been auto-banned"}'),
    ).toEqual({
      status_code: 418,
      error: 'Requested Banned',
      message: 'IP has been auto-banned',
    });
    expect(parseErrorBody('<html>502 Bad Gateway</html>')).toEqual({});
    expect(parseErrorBody('')).toEqual({});
    expect(parseErrorBody('null')).toEqual({});
  });
});

describe('backoffDelay', () => {
  it('grows exponentially, is capped, and is fully jittered', () => {
    expect(backoffDelay(1, 250, 8_000, () => 0.999)).toBe(249);
    expect(backoffDelay(3, 250, 8_000, () => 0.999)).toBe(999);
    expect(backoffDelay(10, 250, 8_000, () => 0.999)).toBe(7_992);
    expect(backoffDelay(4, 250, 8_000, () => 0)).toBe(0);
    expect(backoffDelay(2, 250, 8_000, () => 0.5)).toBe(250);
  });
});
