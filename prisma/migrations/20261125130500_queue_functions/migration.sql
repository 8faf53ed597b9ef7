-- Job queue on sync_jobs: one state machine in SQL, shared by the Prisma backend (called over pg)
-- and the Supabase backend (called through supabase-js RPC / PostgREST). Every function returns jsonb
-- so both transports see the same shape.
--
-- States: pending (includes delayed: scheduled_at in the future) → processing (leased to a worker
-- until locked_until) → completed | failed | cancelled. A lease that runs out returns the job to
-- pending (or failed once its retries are spent) at the next claim by any worker.

-- One live job per (user, wallet, type): a second enqueue joins the live one.
CREATE UNIQUE INDEX "sync_jobs_one_live_per_wallet" ON "sync_jobs" ("user_id", "wallet_address", "job_type")
  NULLS NOT DISTINCT
  WHERE "status" IN ('pending', 'processing') AND "wallet_address" IS NOT NULL;

-- One live occurrence per recurring schedule (the schedule lives in the job's metadata.recurring).
CREATE UNIQUE INDEX "sync_jobs_one_live_per_schedule" ON "sync_jobs" ((("metadata" -> 'recurring') ->> 'id'))
  WHERE "status" IN ('pending', 'processing') AND ("metadata" -> 'recurring') IS NOT NULL;

-- Claim order: highest priority first, then earliest scheduled_at.
CREATE INDEX "sync_jobs_claim_idx" ON "sync_jobs" ("priority" DESC, "scheduled_at", "created_at")
  WHERE "status" = 'pending';
CREATE INDEX "sync_jobs_lease_idx" ON "sync_jobs" ("locked_until") WHERE "status" = 'processing';
CREATE INDEX "sync_jobs_finished_idx" ON "sync_jobs" ("completed_at")
  WHERE "status" IN ('completed', 'failed', 'cancelled');

-- Wake idle consumers (LISTEN adafolio_queue) whenever a job becomes pending.
CREATE FUNCTION public.queue__notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('adafolio_queue', '');
  RETURN NULL;
END $$;

CREATE TRIGGER sync_jobs_notify_insert AFTER INSERT ON "sync_jobs"
  FOR EACH STATEMENT EXECUTE FUNCTION public.queue__notify();
CREATE TRIGGER sync_jobs_notify_pending AFTER UPDATE OF "status" ON "sync_jobs"
  FOR EACH ROW WHEN (NEW."status" = 'pending' AND OLD."status" IS DISTINCT FROM 'pending')
  EXECUTE FUNCTION public.queue__notify();

-- A recurring job that finishes (completed or failed for good, not cancelled) schedules its next
-- occurrence, so a schedule survives any consumer and needs no table of its own.
CREATE FUNCTION public.queue__reschedule() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE every_ms bigint := (NEW.metadata -> 'recurring' ->> 'everyMs')::bigint;
BEGIN
  INSERT INTO sync_jobs (job_type, wallet_address, user_id, priority, scheduled_at, max_retries, data, metadata)
  VALUES (NEW.job_type, NEW.wallet_address, NEW.user_id, NEW.priority,
          date_trunc('milliseconds', greatest(now(), coalesce(NEW.started_at, now()) + make_interval(secs => every_ms / 1000.0))),
          NEW.max_retries, NEW.data, NEW.metadata)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER sync_jobs_reschedule AFTER UPDATE OF "status" ON "sync_jobs"
  FOR EACH ROW WHEN (NEW."status" IN ('completed', 'failed') AND OLD."status" = 'processing'
                     AND (NEW."metadata" -> 'recurring') IS NOT NULL)
  EXECUTE FUNCTION public.queue__reschedule();

-- Adds a job, or returns the live job with the same (user, wallet, type). A pending job that is joined
-- is raised to the higher priority and the earlier time of the two requests.
CREATE FUNCTION public.queue_enqueue(
  p_job_type text, p_data jsonb DEFAULT NULL, p_wallet_address text DEFAULT NULL, p_user_id uuid DEFAULT NULL,
  p_priority int DEFAULT 0, p_delay_ms bigint DEFAULT 0, p_max_retries int DEFAULT 3, p_metadata jsonb DEFAULT NULL
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r sync_jobs;
  -- timestamptz(3) rounds to the nearest millisecond; truncate so a job due now is claimable now.
  at timestamptz := date_trunc('milliseconds', now() + make_interval(secs => greatest(p_delay_ms, 0) / 1000.0));
BEGIN
  LOOP
    INSERT INTO sync_jobs (job_type, wallet_address, user_id, priority, scheduled_at, max_retries, data, metadata)
    VALUES (p_job_type, p_wallet_address, p_user_id, p_priority, at, p_max_retries, p_data, p_metadata)
    ON CONFLICT DO NOTHING
    RETURNING * INTO r;
    IF FOUND THEN
      RETURN jsonb_build_object('job', to_jsonb(r), 'created', true);
    END IF;
    UPDATE sync_jobs j
       SET priority = CASE WHEN j.status = 'pending' THEN greatest(j.priority, p_priority) ELSE j.priority END,
           scheduled_at = CASE WHEN j.status = 'pending' THEN least(j.scheduled_at, at) ELSE j.scheduled_at END,
           updated_at = now()
     WHERE j.wallet_address = p_wallet_address AND j.user_id IS NOT DISTINCT FROM p_user_id
       AND j.job_type = p_job_type AND j.status IN ('pending', 'processing')
    RETURNING * INTO r;
    IF FOUND THEN
      RETURN jsonb_build_object('job', to_jsonb(r), 'created', false);
    END IF;
    -- The live job finished between the two statements: try the insert again.
  END LOOP;
END $$;

-- Leases up to p_limit due jobs to p_worker, highest priority first. Expired leases are recovered
-- first (back to pending, counting as a failed attempt). Also returns when the next job is due, so an
-- idle consumer can sleep until then.
CREATE FUNCTION public.queue_claim(p_worker text, p_limit int DEFAULT 1, p_lease_ms int DEFAULT 30000)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  jobs jsonb;
  n int;
  next_at timestamptz;
BEGIN
  WITH expired AS (
    SELECT id FROM sync_jobs WHERE status = 'processing' AND locked_until < now() FOR UPDATE SKIP LOCKED
  )
  UPDATE sync_jobs j
     SET status = CASE WHEN j.retry_count + 1 > j.max_retries THEN 'failed' ELSE 'pending' END,
         retry_count = j.retry_count + 1,
         error_message = 'lease expired: worker ' || coalesce(j.locked_by, '?') || ' stopped renewing it',
         completed_at = CASE WHEN j.retry_count + 1 > j.max_retries THEN now() END,
         scheduled_at = date_trunc('milliseconds', now()), locked_by = NULL, locked_until = NULL, updated_at = now()
    FROM expired WHERE j.id = expired.id;

  WITH next AS (
    SELECT id FROM sync_jobs
     WHERE status = 'pending' AND scheduled_at <= now()
     ORDER BY priority DESC, scheduled_at, created_at
     LIMIT greatest(p_limit, 0)
       FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE sync_jobs j
       SET status = 'processing', locked_by = p_worker,
           locked_until = now() + make_interval(secs => p_lease_ms / 1000.0),
           started_at = now(), error_message = NULL, updated_at = now()
      FROM next WHERE j.id = next.id
    RETURNING j.*
  )
  SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.priority DESC, c.scheduled_at, c.created_at), '[]'::jsonb),
         count(*)
    INTO jobs, n
    FROM claimed c;

  IF n < p_limit THEN
    SELECT least(
      (SELECT min(scheduled_at) FROM sync_jobs WHERE status = 'pending'),
      (SELECT min(locked_until) FROM sync_jobs WHERE status = 'processing')
    ) INTO next_at;
  END IF;
  RETURN jsonb_build_object('jobs', jobs, 'next_at', next_at);
END $$;

-- Extends the lease of the jobs p_worker still holds. Returns the ids renewed and, among the others,
-- those that were cancelled (the rest were lost: the lease ran out and another worker took the job).
CREATE FUNCTION public.queue_heartbeat(p_worker text, p_ids uuid[], p_lease_ms int DEFAULT 30000)
RETURNS jsonb LANGUAGE sql AS $$
  WITH renewed AS (
    UPDATE sync_jobs SET locked_until = now() + make_interval(secs => p_lease_ms / 1000.0)
     WHERE id = ANY (p_ids) AND locked_by = p_worker AND status = 'processing'
    RETURNING id
  )
  SELECT jsonb_build_object(
    'renewed', (SELECT coalesce(jsonb_agg(id), '[]'::jsonb) FROM renewed),
    'cancelled', (SELECT coalesce(jsonb_agg(id), '[]'::jsonb) FROM sync_jobs
                   WHERE id = ANY (p_ids) AND status = 'cancelled'))
$$;

-- Marks jobs held by p_worker completed; returns the ids that were (a job no longer held is skipped).
CREATE FUNCTION public.queue_complete(p_worker text, p_ids uuid[])
RETURNS jsonb LANGUAGE sql AS $$
  WITH done AS (
    UPDATE sync_jobs
       SET status = 'completed', completed_at = now(), locked_by = NULL, locked_until = NULL, updated_at = now()
     WHERE id = ANY (p_ids) AND locked_by = p_worker AND status = 'processing'
    RETURNING id
  )
  SELECT coalesce(jsonb_agg(id), '[]'::jsonb) FROM done
$$;

-- Records a failed attempt: back to pending after p_backoff_ms * 2^(retries so far), or failed for good
-- when the retries are spent or p_unrecoverable. Returns the job, or null when p_worker no longer held it.
CREATE FUNCTION public.queue_fail(
  p_worker text, p_id uuid, p_error text, p_backoff_ms bigint DEFAULT 1000, p_unrecoverable boolean DEFAULT false
) RETURNS jsonb LANGUAGE sql AS $$
  UPDATE sync_jobs
     SET retry_count = retry_count + 1,
         status = CASE WHEN p_unrecoverable OR retry_count + 1 > max_retries THEN 'failed' ELSE 'pending' END,
         completed_at = CASE WHEN p_unrecoverable OR retry_count + 1 > max_retries THEN now() END,
         scheduled_at = date_trunc('milliseconds',
           now() + make_interval(secs => least(p_backoff_ms * power(2, retry_count), 86400000) / 1000.0)),
         error_message = p_error, locked_by = NULL, locked_until = NULL, updated_at = now()
   WHERE id = p_id AND locked_by = p_worker AND status = 'processing'
  RETURNING to_jsonb(sync_jobs.*)
$$;

-- Puts a held job back to pending until p_until without consuming a retry (e.g. daily request budget
-- spent), or now when p_until is null (a consumer shutting down releases what it holds).
CREATE FUNCTION public.queue_release(p_worker text, p_id uuid, p_until timestamptz DEFAULT NULL, p_reason text DEFAULT NULL)
RETURNS jsonb LANGUAGE sql AS $$
  UPDATE sync_jobs
     SET status = 'pending', scheduled_at = date_trunc('milliseconds', coalesce(p_until, now())), error_message = p_reason,
         locked_by = NULL, locked_until = NULL, updated_at = now()
   WHERE id = p_id AND locked_by = p_worker AND status = 'processing'
  RETURNING to_jsonb(sync_jobs.*)
$$;

-- Stores progress of a held job; false when the worker no longer holds it.
CREATE FUNCTION public.queue_progress(p_worker text, p_id uuid, p_progress jsonb)
RETURNS boolean LANGUAGE sql AS $$
  WITH u AS (
    UPDATE sync_jobs SET progress = p_progress, updated_at = now()
     WHERE id = p_id AND locked_by = p_worker AND status = 'processing'
    RETURNING 1
  )
  SELECT count(*) > 0 FROM u
$$;

-- Cancels a pending or processing job (the worker holding it notices at its next heartbeat or progress
-- report). Returns the job as it is afterwards, or null when it does not exist.
CREATE FUNCTION public.queue_cancel(p_id uuid)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE r sync_jobs;
BEGIN
  UPDATE sync_jobs SET status = 'cancelled', completed_at = now(), locked_until = NULL, updated_at = now()
   WHERE id = p_id AND status IN ('pending', 'processing')
  RETURNING * INTO r;
  IF NOT FOUND THEN
    SELECT * INTO r FROM sync_jobs WHERE id = p_id;
    IF NOT FOUND THEN RETURN NULL; END IF;
  END IF;
  RETURN to_jsonb(r);
END $$;

CREATE FUNCTION public.queue_get(p_id uuid)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT to_jsonb(j) FROM sync_jobs j WHERE j.id = p_id
$$;

-- Jobs of one wallet, newest first (optionally one user's only).
CREATE FUNCTION public.queue_list_by_wallet(p_wallet_address text, p_user_id uuid DEFAULT NULL, p_limit int DEFAULT 50)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(to_jsonb(j) ORDER BY j.created_at DESC, j.id), '[]'::jsonb)
    FROM (SELECT * FROM sync_jobs
           WHERE wallet_address = p_wallet_address AND (p_user_id IS NULL OR user_id = p_user_id)
           ORDER BY created_at DESC, id LIMIT p_limit) j
$$;

CREATE FUNCTION public.queue_stats()
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'pending', count(*) FILTER (WHERE status = 'pending'),
    'delayed', count(*) FILTER (WHERE status = 'pending' AND scheduled_at > now()),
    'processing', count(*) FILTER (WHERE status = 'processing'),
    'completed', count(*) FILTER (WHERE status = 'completed'),
    'failed', count(*) FILTER (WHERE status = 'failed'),
    'cancelled', count(*) FILTER (WHERE status = 'cancelled'))
  FROM sync_jobs
$$;

-- Deletes finished jobs (of the given statuses) that finished more than p_older_than_ms ago.
CREATE FUNCTION public.queue_cleanup(
  p_older_than_ms bigint, p_statuses text[] DEFAULT ARRAY['completed', 'failed', 'cancelled']
) RETURNS int LANGUAGE sql AS $$
  WITH gone AS (
    DELETE FROM sync_jobs
     WHERE status = ANY (p_statuses) AND status IN ('completed', 'failed', 'cancelled')
       AND coalesce(completed_at, updated_at) < now() - make_interval(secs => p_older_than_ms / 1000.0)
    RETURNING 1
  )
  SELECT count(*)::int FROM gone
$$;

-- Creates or updates a recurring job: one live occurrence per schedule id; each occurrence that
-- finishes enqueues the next one p_every_ms after it started (see queue__reschedule).
CREATE FUNCTION public.queue_schedule_recurring(
  p_schedule_id text, p_job_type text, p_every_ms bigint, p_data jsonb DEFAULT NULL, p_priority int DEFAULT 0,
  p_max_retries int DEFAULT 3, p_run_now boolean DEFAULT false
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r sync_jobs;
  meta jsonb := jsonb_build_object('recurring', jsonb_build_object('id', p_schedule_id, 'everyMs', p_every_ms));
  first_at timestamptz := date_trunc('milliseconds',
    CASE WHEN p_run_now THEN now() ELSE now() + make_interval(secs => p_every_ms / 1000.0) END);
BEGIN
  LOOP
    UPDATE sync_jobs j
       SET job_type = CASE WHEN j.status = 'pending' THEN p_job_type ELSE j.job_type END,
           data = CASE WHEN j.status = 'pending' THEN p_data ELSE j.data END,
           priority = CASE WHEN j.status = 'pending' THEN p_priority ELSE j.priority END,
           scheduled_at = CASE WHEN j.status = 'pending' THEN least(j.scheduled_at, first_at) ELSE j.scheduled_at END,
           metadata = coalesce(j.metadata, '{}'::jsonb) || meta, updated_at = now()
     WHERE (j.metadata -> 'recurring' ->> 'id') = p_schedule_id AND j.status IN ('pending', 'processing')
    RETURNING * INTO r;
    IF FOUND THEN RETURN to_jsonb(r); END IF;
    INSERT INTO sync_jobs (job_type, priority, scheduled_at, max_retries, data, metadata)
    VALUES (p_job_type, p_priority, first_at, p_max_retries, p_data, meta)
    ON CONFLICT DO NOTHING
    RETURNING * INTO r;
    IF FOUND THEN RETURN to_jsonb(r); END IF;
  END LOOP;
END $$;

-- Stops a recurring schedule (cancels its live occurrence). True when there was one.
CREATE FUNCTION public.queue_remove_recurring(p_schedule_id text)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  n int;
  total int := 0;
BEGIN
  LOOP
    UPDATE sync_jobs SET status = 'cancelled', completed_at = now(), locked_until = NULL, updated_at = now()
     WHERE (metadata -> 'recurring' ->> 'id') = p_schedule_id AND status IN ('pending', 'processing');
    GET DIAGNOSTICS n = ROW_COUNT;
    total := total + n;
    -- An occurrence completing concurrently may just have enqueued the next one (invisible to the
    -- UPDATE's snapshot): look again with a fresh snapshot until none is live.
    PERFORM 1 FROM sync_jobs
      WHERE (metadata -> 'recurring' ->> 'id') = p_schedule_id AND status IN ('pending', 'processing');
    EXIT WHEN NOT FOUND;
  END LOOP;
  RETURN total > 0;
END $$;

-- Only the server (service_role on Supabase, the owner here) runs the queue.
DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'queue_enqueue(text,jsonb,text,uuid,int,bigint,int,jsonb)', 'queue_claim(text,int,int)',
    'queue_heartbeat(text,uuid[],int)', 'queue_complete(text,uuid[])', 'queue_fail(text,uuid,text,bigint,boolean)',
    'queue_release(text,uuid,timestamptz,text)', 'queue_progress(text,uuid,jsonb)', 'queue_cancel(uuid)',
    'queue_get(uuid)', 'queue_list_by_wallet(text,uuid,int)', 'queue_stats()', 'queue_cleanup(bigint,text[])',
    'queue_schedule_recurring(text,text,bigint,jsonb,int,int,boolean)', 'queue_remove_recurring(text)'
  ] LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION public.%s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION public.%s TO service_role', f);
  END LOOP;
END $$;
