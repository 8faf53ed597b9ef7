import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { parseAmount } from '../../../src/domain/amounts.js';
import { FIXTURE_DIR } from '../../sim/sim-test-helpers.js';
import { addUserWithWallets, createSyncEnv, type RunningSim, type SyncEnv } from '../sync/sync-test-env.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../bin/adafolio.js', import.meta.url));
const expected = (await import(join(FIXTURE_DIR, 'expected.json'), { with: { type: 'json' } })).default as {
  stakeAddress: string;
  txHashes: string[];
  txNetLovelace: Record<string, string>;
  txNetLovelaceSum: string;
};

/** A tiny RFC 4180 reader (quoted cells with doubled quotes), enough for the exports' own output. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const cells: string[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let cell = '';
        i++;
        while (i < line.length) {
          if (line[i] === '"' && line[i + 1] === '"') {
            cell += '"';
            i += 2;
          } else if (line[i] === '"') break;
          else cell += line[i++];
        }
        cells.push(cell);
        i += 2;
      } else {
        const end = line.indexOf(',', i);
        cells.push(end < 0 ? line.slice(i) : line.slice(i, end));
        i = end < 0 ? line.length + 1 : end + 1;
      }
    }
    rows.push(cells);
  }
  return rows;
}

/** ADA/USD for every day of 2021: 1.00 + (day of year % 50) / 100, so each day's price differs. */
function priceCsv(): string {
  let out = 'date,unit,currency,price\n';
  for (let d = 0; d < 365; d++) {
    const day = new Date(Date.UTC(2021, 0, 1 + d)).toISOString().slice(0, 10);
    out += `${day},lovelace,USD,${(1 + (d % 50) / 100).toFixed(2)}\n`;
  }
  return out;
}

describe('gains and tax exports of the recorded mainnet account (simulator, PostgreSQL, CLI)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  const user = 'gains-fixture';
  const cli = async (...args: string[]) =>
    (await run(CLI, args, { env: { ...process.env, ...env.env }, maxBuffer: 16 * 1024 * 1024 })).stdout;

  beforeAll(async () => {
    sim = await startSimulator({ recording: FIXTURE_DIR, limits: { enabled: false }, port: 0 });
    env = await createSyncEnv(sim, { unlimited: true });
    await cli('sync', expected.stakeAddress, '--user', user, '--json');
    const file = join(mkdtempSync(join(tmpdir(), 'adafolio-prices-')), 'ada-usd-2021.csv');
    writeFileSync(file, priceCsv());
    await cli('prices', 'import', file, '--json');
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    await sim?.close();
  });

  it('Koinly: one row per transaction; received − sent − fee is each transaction’s net change to the lovelace', async () => {
    const rows = parseCsv(await cli('export', expected.stakeAddress, '--format', 'koinly', '--user', user));
    expect(rows[0]).toEqual([
      'Date',
      'Sent Amount',
      'Sent Currency',
      'Received Amount',
      'Received Currency',
      'Fee Amount',
      'Fee Currency',
      'Net Worth Amount',
      'Net Worth Currency',
      'Label',
      'Description',
      'TxHash',
    ]);
    const body = rows.slice(1);
    // Only ADA moves in and out here, but one receive also carries an NFT: that adds no row of its own
    // when it pairs with the ADA of the same side — count the distinct hashes.
    expect(new Set(body.map((r) => r[11])).size).toBe(expected.txHashes.length);
    expect([...new Set(body.map((r) => r[11]))].sort()).toEqual([...expected.txHashes].sort());
    const net = new Map<string, bigint>();
    for (const r of body) {
      const [, sent, sentCur, received, receivedCur, fee, feeCur, worth, worthCur] = r;
      let n = net.get(r[11]!) ?? 0n;
      if (receivedCur === 'ADA') n += parseAmount(received!, 6);
      if (sentCur === 'ADA') n -= parseAmount(sent!, 6);
      if (fee) {
        expect(feeCur).toBe('ADA');
        n -= parseAmount(fee, 6);
      }
      net.set(r[11]!, n);
      // Every ADA row of 2021 has a price: its net worth is stated in USD; the NFT has none.
      if (receivedCur === 'ADA' || (!receivedCur && sentCur === 'ADA')) {
        expect(worthCur).toBe('USD');
        expect(Number(worth)).toBeGreaterThan(0);
      } else expect(worth).toBe('');
    }
    for (const h of expected.txHashes)
      expect({ h, net: net.get(h)?.toString() }).toEqual({ h, net: expected.txNetLovelace[h] });
    expect([...net.values()].reduce((a, b) => a + b, 0n).toString()).toBe(expected.txNetLovelaceSum);
    // The withdrawal's rewards are not listed by this chain: they are received as a reward.
    const withdrawal = body.find((r) => r[11]!.startsWith('d958d033'))!;
    expect(withdrawal[9]).toBe('reward');
  });

  it('Koinly --year: only that tax year’s rows (calendar year, and a UK year starting 6 April)', async () => {
    const koinly = async (...more: string[]) =>
      parseCsv(await cli('export', expected.stakeAddress, '--format', 'koinly', '--user', user, ...more));
    const all = await koinly();
    const [header, ...body] = all;
    const hashes = (rows: string[][]) => [...new Set(rows.map((r) => r[11]))].sort();
    // The recording is all 2021 (25 Feb – 19 Aug).
    expect(body.every((r) => r[0]!.startsWith('2021-'))).toBe(true);
    expect(await koinly('--year', '2021')).toEqual(all);
    expect(await koinly('--year', '2020')).toEqual([header]);
    expect(await koinly('--year', '2022')).toEqual([header]);
    // UK tax years: 2020 is 6 Apr 2020 – 5 Apr 2021 (the February, March and 5 April transactions),
    // 2021 the rest; together every row, each once.
    const before = body.filter((r) => r[0]! < '2021-04-06');
    const after = body.filter((r) => r[0]! >= '2021-04-06');
    expect(hashes(before)).toHaveLength(4);
    expect(hashes(after)).toHaveLength(2);
    expect(await koinly('--year', '2020', '--tax-year-start', '4-6')).toEqual([header, ...before]);
    expect(await koinly('--year', '2021', '--tax-year-start', '4-6')).toEqual([header, ...after]);
  });

  it('CoinTracker: the same transactions, quantities and fees in its columns and date format', async () => {
    const rows = parseCsv(
      await cli('export', expected.stakeAddress, '--format', 'cointracker', '--user', user),
    );
    expect(rows[0]).toEqual([
      'Date',
      'Received Quantity',
      'Received Currency',
      'Sent Quantity',
      'Sent Currency',
      'Fee Amount',
      'Fee Currency',
      'Tag',
    ]);
    let total = 0n;
    for (const r of rows.slice(1)) {
      expect(r[0]).toMatch(/^\d{2}\/\d{2}\/2021 \d{2}:\d{2}:\d{2}$/);
      if (r[2] === 'ADA') total += parseAmount(r[1]!, 6);
      if (r[4] === 'ADA') total -= parseAmount(r[3]!, 6);
      if (r[5]) total -= parseAmount(r[5], 6);
    }
    expect(total.toString()).toBe(expected.txNetLovelaceSum);
  });

  it('gains --json: the two sends are the only disposals (deposit and fees are not), with FIFO basis from the first receive', async () => {
    const out = JSON.parse(
      await cli('gains', expected.stakeAddress, '--user', user, '--json', '--currency', 'USD'),
    );
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining([
        'method',
        'currency',
        'disposals',
        'realized',
        'unrealized',
        'income',
        'warnings',
      ]),
    );
    expect(out.method).toBe('fifo');
    expect(out.currency).toBe('USD');
    const byTx = new Map<string, bigint>();
    for (const d of out.disposals as Array<{ txHash: string; quantity: string; unit: string }>) {
      expect(d.unit).toBe('lovelace');
      byTx.set(d.txHash, (byTx.get(d.txHash) ?? 0n) + parseAmount(d.quantity, 6));
    }
    expect(Object.fromEntries([...byTx].map(([h, q]) => [h.slice(0, 8), q.toString()]))).toEqual({
      d9a8ae21: '5000000',
      f77df4c2: '10000000',
    });
    // Everything sold came from the first receive (42.69 ADA): no missing basis. The NFT received
    // has no price anywhere: flagged, not valued at 0.
    expect(out.counts).toMatchObject({ missingBasis: 0, missingPrice: 1 });
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatchObject({ kind: 'missing_price', quantity: '1' });
    expect(out.warnings[0].txHash.slice(0, 8)).toBe('96a4ed36');
    // Exact figures: cost = 5 ADA × the price of the receive's day; proceeds = (5 ADA − the fee, which
    // add_to_basis takes off the disposal's proceeds) × the price of the send's day.
    const priceOn = (iso: string) => {
      const d = Math.floor((Date.parse(iso.slice(0, 10)) - Date.UTC(2021, 0, 1)) / 86_400_000);
      return 1 + (d % 50) / 100;
    };
    const five = (out.disposals as Array<Record<string, string>>).find((d) =>
      d.txHash!.startsWith('d9a8ae21'),
    )!;
    expect(Number(five.cost)).toBeCloseTo(5 * priceOn(five.dateAcquired!), 8);
    expect(Number(five.proceeds)).toBeCloseTo((5 - 0.168273) * priceOn(five.dateSold!), 8);
    expect(Number(five.gain)).toBeCloseTo(Number(five.proceeds) - Number(five.cost), 8);
    // The withdrawal (no rewards listed) is income at its time.
    expect(out.income.rows).toHaveLength(1);
    expect(out.income.rows[0].quantity).toBe('0.730065');
  });

  it('8949 and the ledger export: one capital-gains row per disposal row, every event listed', async () => {
    const form = parseCsv(await cli('export', expected.stakeAddress, '--format', '8949', '--user', user));
    expect(form[0]![0]).toBe('Description of property');
    const gains = JSON.parse(await cli('gains', expected.stakeAddress, '--user', user, '--json'));
    expect(form.length - 1).toBe(gains.disposals.length);
    for (const [i, d] of (gains.disposals as Array<{ gain: string; quantity: string }>).entries()) {
      expect(form[i + 1]![0]).toBe(`${d.quantity} ADA`);
      expect(Number(form[i + 1]![5])).toBeCloseTo(Number(d.gain), 2);
    }
    const ledger = parseCsv(await cli('export', expected.stakeAddress, '--format', 'ledger', '--user', user));
    expect(ledger[0]![0]).toBe('date');
    expect(ledger.length - 1).toBe(gains.counts.events);
  });

  it('bad input: unknown format, method, year → a usage error naming what is accepted; an empty year is an empty report', async () => {
    await expect(
      cli('export', expected.stakeAddress, '--format', 'turbotax', '--user', user),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('koinly, cointracker, ledger, 8949'),
    });
    await expect(
      cli('gains', expected.stakeAddress, '--method', 'lifoo', '--user', user),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('fifo, lifo, hifo, average, uk'),
    });
    await expect(cli('gains', expected.stakeAddress, '--year', '20x4', '--user', user)).rejects.toMatchObject(
      {
        stderr: expect.stringContaining('--year'),
      },
    );
    const empty = JSON.parse(
      await cli('gains', expected.stakeAddress, '--year', '2019', '--user', user, '--json'),
    );
    expect(empty.disposals).toEqual([]);
    expect(empty.realized.gain).toBe('0');
    expect(empty.income.rows).toEqual([]);
    await addUserWithWallets(env.app, 'someone-else', []);
    await expect(cli('gains', expected.stakeAddress, '--user', 'someone-else')).rejects.toMatchObject({
      stderr: expect.stringContaining('is not a wallet of someone-else'),
    });
  });
});
