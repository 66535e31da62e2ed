-- Least privilege (issue 18): the app connects as a role that owns nothing and may not write
-- the audit log except through audit_append(), a SECURITY DEFINER function that runs as the
-- tables' owner. The insert trigger no longer trusts a custom setting (any role can set one):
-- it requires the owner as current_user AND audit_append() on the call stack, so neither a
-- grant given by mistake nor a direct INSERT by the owner itself writes a row.
CREATE OR REPLACE FUNCTION audit_events_guard_insert() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  stack text;
BEGIN
  GET DIAGNOSTICS stack = PG_CONTEXT;
  IF current_user IS DISTINCT FROM (SELECT pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID)
     OR stack !~ 'PL/pgSQL function (public\.)?audit_append\(text\) line \d+ at SQL statement' THEN
    RAISE EXCEPTION 'audit events can only be written through audit_append()'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_append(p_body text) RETURNS TABLE (seq bigint, hash bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  doc jsonb := p_body::jsonb;
  last_seq bigint;
  last_hash bytea;
  new_hash bytea;
BEGIN
  IF doc->>'at' IS NULL OR doc->>'action' IS NULL OR doc->'actor'->>'type' IS NULL
     OR doc->'actor'->>'label' IS NULL THEN
    RAISE EXCEPTION 'audit body needs at, action, actor.type and actor.label'
      USING ERRCODE = 'check_violation';
  END IF;
  -- One writer at a time, released at commit or rollback, so numbers never gap.
  PERFORM pg_advisory_xact_lock(7236591001);
  SELECT e.seq, e.hash INTO last_seq, last_hash FROM public.audit_events e ORDER BY e.seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    last_seq := 0;
    last_hash := decode(repeat('00', 32), 'hex');
  END IF;
  new_hash := sha256(last_hash || convert_to(p_body, 'UTF8'));
  INSERT INTO public.audit_events (seq, occurred_at, actor_type, actor_id, actor_label, action,
                                   target_type, target_id, body, prev_hash, hash)
  VALUES (last_seq + 1, (doc->>'at')::timestamptz, doc->'actor'->>'type', doc->'actor'->>'id',
          doc->'actor'->>'label', doc->>'action', doc->'target'->>'type', doc->'target'->>'id',
          p_body, last_hash, new_hash);
  RETURN QUERY SELECT last_seq + 1, new_hash;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_append(text) FROM PUBLIC;
--> statement-breakpoint
-- Partitions are created and dropped at run time by a role that owns nothing: both run as the
-- owner, on inference_events' own partitions only. A new partition gets its parent's grants.
CREATE OR REPLACE FUNCTION ensure_inference_partition(p_day date) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  part text := 'inference_events_' || to_char(p_day, 'YYYYMMDD');
  grant_row record;
BEGIN
  IF to_regclass('public.' || part) IS NULL THEN
    BEGIN
      EXECUTE format('CREATE TABLE public.%I PARTITION OF public.inference_events FOR VALUES FROM (%L) TO (%L)',
                     part, p_day::timestamp AT TIME ZONE 'UTC', (p_day + 1)::timestamp AT TIME ZONE 'UTC');
      FOR grant_row IN
        SELECT a.privilege_type, a.grantee FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'public.inference_events'::regclass AND a.grantee <> c.relowner
      LOOP
        EXECUTE format('GRANT %s ON public.%I TO %s', grant_row.privilege_type, part,
                       CASE WHEN grant_row.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(grant_row.grantee)) END);
      END LOOP;
    EXCEPTION WHEN duplicate_table THEN
      NULL; -- created by a concurrent ingestion
    END;
  END IF;
  RETURN part;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ensure_inference_partition(date) FROM PUBLIC;
--> statement-breakpoint
CREATE FUNCTION drop_inference_partition(p_day date) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  part text := 'inference_events_' || to_char(p_day, 'YYYYMMDD');
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = 'public.inference_events'::regclass
                 AND i.inhrelid = to_regclass('public.' || part)) THEN
    RETURN false;
  END IF;
  EXECUTE format('DROP TABLE public.%I', part);
  RETURN true;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION drop_inference_partition(date) FROM PUBLIC;
