-- Supabase projects grant EXECUTE on new public functions to anon and authenticated through default
-- privileges, which REVOKE ... FROM PUBLIC does not undo: take it back explicitly so only the server
-- (service_role, or the owner) can run the queue through RPC.
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
    EXECUTE format('REVOKE ALL ON FUNCTION public.%s FROM anon, authenticated', f);
  END LOOP;
END $$;
