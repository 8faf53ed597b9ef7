-- The shared Blockfrost token bucket on PostgreSQL, for deployments without Redis.
-- Created on first use (idempotent, under an advisory lock). Same algorithm as redis-token-bucket.take.lua:
-- every take locks the bucket's one state row, so any number of processes share it safely.
-- Times are epoch milliseconds supplied by the callers.

CREATE TABLE IF NOT EXISTS blockfrost_bucket_state (
  key             text PRIMARY KEY,
  tokens          double precision,
  ts              bigint  NOT NULL DEFAULT 0,
  seq             bigint  NOT NULL DEFAULT 0,
  paused_until    bigint  NOT NULL DEFAULT 0,
  pause_reason    text,
  ban_count       integer NOT NULL DEFAULT 0,
  ban_last_at     bigint  NOT NULL DEFAULT 0,
  daily_cap_until bigint  NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS blockfrost_bucket_tickets (
  key         text   NOT NULL,
  ticket      text   NOT NULL,
  seq         bigint NOT NULL,
  lease_until bigint NOT NULL,
  PRIMARY KEY (key, ticket)
);
CREATE INDEX IF NOT EXISTS blockfrost_bucket_tickets_key_seq ON blockfrost_bucket_tickets (key, seq);

-- Requests sent per project and UTC day (one per token granted).
CREATE TABLE IF NOT EXISTS blockfrost_bucket_days (
  key      text   NOT NULL,
  day      date   NOT NULL,
  requests bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (key, day)
);

-- r_code: 0 granted (r_value = requests today), 1 wait (r_value = ms), 2 paused (r_value = until,
-- r_reason), 3 daily budget spent (r_value = until, r_reason = 'daily_cap' | 'daily_budget').
DROP FUNCTION IF EXISTS adafolio_bucket_take_v1(text, text, bigint, double precision, double precision, bigint, bigint, date, bigint);
CREATE OR REPLACE FUNCTION adafolio_bucket_take_v2(
  p_key text, p_ticket text, p_now bigint, p_rate double precision, p_burst double precision,
  p_lease bigint, p_budget bigint, p_day date, p_next_midnight bigint, p_margin double precision
) RETURNS TABLE (r_code integer, r_value bigint, r_reason text)
LANGUAGE plpgsql AS $$
DECLARE
  s blockfrost_bucket_state%ROWTYPE;
  v_used bigint;
  v_tokens double precision;
  v_seq bigint;
  v_rank bigint;
  v_n bigint;
  v_need double precision;
BEGIN
  INSERT INTO blockfrost_bucket_state (key) VALUES (p_key) ON CONFLICT DO NOTHING;
  SELECT * INTO s FROM blockfrost_bucket_state WHERE key = p_key FOR UPDATE;

  -- Tickets whose callers stopped renewing them (killed processes) no longer hold anyone back.
  DELETE FROM blockfrost_bucket_tickets t WHERE t.key = p_key AND t.lease_until <= p_now;

  SELECT d.requests INTO v_used FROM blockfrost_bucket_days d WHERE d.key = p_key AND d.day = p_day;
  v_used := coalesce(v_used, 0);
  IF s.daily_cap_until > p_now THEN
    DELETE FROM blockfrost_bucket_tickets t WHERE t.key = p_key AND t.ticket = p_ticket;
    RETURN QUERY SELECT 3, s.daily_cap_until, 'daily_cap'::text;
    RETURN;
  END IF;
  IF v_used >= p_budget THEN
    DELETE FROM blockfrost_bucket_tickets t WHERE t.key = p_key AND t.ticket = p_ticket;
    RETURN QUERY SELECT 3, p_next_midnight, 'daily_budget'::text;
    RETURN;
  END IF;

  IF s.tokens IS NULL THEN
    v_tokens := p_burst;
    s.ts := p_now;
  ELSE
    v_tokens := least(p_burst, s.tokens);
  END IF;
  IF p_now > s.ts THEN
    v_tokens := least(p_burst, v_tokens + (p_now - s.ts) * p_rate / 1000.0);
    s.ts := p_now;
  END IF;

  SELECT t.seq INTO v_seq FROM blockfrost_bucket_tickets t WHERE t.key = p_key AND t.ticket = p_ticket;
  IF v_seq IS NULL THEN
    s.seq := s.seq + 1;
    v_seq := s.seq;
    INSERT INTO blockfrost_bucket_tickets (key, ticket, seq, lease_until) VALUES (p_key, p_ticket, v_seq, p_now + p_lease);
  ELSE
    UPDATE blockfrost_bucket_tickets t SET lease_until = p_now + p_lease WHERE t.key = p_key AND t.ticket = p_ticket;
  END IF;

  IF s.paused_until > p_now THEN
    UPDATE blockfrost_bucket_state SET tokens = v_tokens, ts = s.ts, seq = s.seq WHERE key = p_key;
    RETURN QUERY SELECT 2, s.paused_until, coalesce(s.pause_reason, 'rate_limited');
    RETURN;
  END IF;

  SELECT count(*) INTO v_rank FROM blockfrost_bucket_tickets t WHERE t.key = p_key AND t.seq < v_seq;
  v_need := v_rank + 1 + least(p_margin, greatest(0, p_burst - 1));
  IF v_tokens >= v_need THEN
    UPDATE blockfrost_bucket_state SET tokens = v_tokens - 1, ts = s.ts, seq = s.seq WHERE key = p_key;
    DELETE FROM blockfrost_bucket_tickets t WHERE t.key = p_key AND t.ticket = p_ticket;
    INSERT INTO blockfrost_bucket_days AS d (key, day, requests) VALUES (p_key, p_day, 1)
      ON CONFLICT (key, day) DO UPDATE SET requests = d.requests + 1
      RETURNING d.requests INTO v_n;
    RETURN QUERY SELECT 0, v_n, NULL::text;
    RETURN;
  END IF;

  UPDATE blockfrost_bucket_state SET tokens = v_tokens, ts = s.ts, seq = s.seq WHERE key = p_key;
  RETURN QUERY SELECT 1, ceil((v_need - v_tokens) * 1000.0 / p_rate)::bigint, NULL::text;
END;
$$;

-- Records a 429 ('rate_limited') or 418 ('banned') for every process; answers the pause in force.
CREATE OR REPLACE FUNCTION adafolio_bucket_pause_v1(
  p_key text, p_now bigint, p_reason text, p_pause bigint, p_ban_base bigint, p_ban_max bigint, p_ban_memory bigint
) RETURNS TABLE (r_until bigint, r_reason text)
LANGUAGE plpgsql AS $$
DECLARE
  s blockfrost_bucket_state%ROWTYPE;
  v_until bigint;
  v_reason text := p_reason;
  v_count integer;
BEGIN
  INSERT INTO blockfrost_bucket_state (key) VALUES (p_key) ON CONFLICT DO NOTHING;
  SELECT * INTO s FROM blockfrost_bucket_state WHERE key = p_key FOR UPDATE;
  -- A ban in force is never shortened or re-counted by answers to requests sent before it began.
  IF s.paused_until > p_now AND s.pause_reason = 'banned' THEN
    RETURN QUERY SELECT s.paused_until, 'banned'::text;
    RETURN;
  END IF;
  IF p_reason = 'banned' THEN
    v_count := CASE WHEN p_now - s.ban_last_at > p_ban_memory THEN 0 ELSE s.ban_count END + 1;
    v_until := greatest(s.paused_until, p_now + least(p_ban_max, p_ban_base * power(2, v_count - 1)::bigint));
    UPDATE blockfrost_bucket_state
       SET ban_count = v_count, ban_last_at = p_now, paused_until = v_until, pause_reason = 'banned'
     WHERE key = p_key;
  ELSE
    v_until := p_now + p_pause;
    IF v_until > s.paused_until THEN
      UPDATE blockfrost_bucket_state SET paused_until = v_until, pause_reason = 'rate_limited' WHERE key = p_key;
    ELSE
      v_until := s.paused_until;
      v_reason := coalesce(s.pause_reason, 'rate_limited');
    END IF;
  END IF;
  -- Blockfrost's bucket is empty now: ours starts refilling from zero, like theirs.
  UPDATE blockfrost_bucket_state SET tokens = 0, ts = p_now WHERE key = p_key;
  RETURN QUERY SELECT v_until, v_reason;
END;
$$;
