-- The audit log is append-only and hash-chained, enforced by the database itself.
-- Rows enter only through audit_append(body): it serialises writers with a
-- transaction-scoped advisory lock, assigns the next gap-free sequence number and
-- stores hash = SHA-256(prev_hash || body), where body is the exact canonical JSON text.
CREATE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE FUNCTION audit_events_guard_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('vigil.audit_append', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION 'audit events can only be written through audit_append()'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_insert_via_function BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_guard_insert();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
--> statement-breakpoint
CREATE FUNCTION audit_append(p_body text) RETURNS TABLE (seq bigint, hash bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
  SELECT e.seq, e.hash INTO last_seq, last_hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    last_seq := 0;
    last_hash := decode(repeat('00', 32), 'hex');
  END IF;
  new_hash := sha256(last_hash || convert_to(p_body, 'UTF8'));
  PERFORM set_config('vigil.audit_append', 'on', true);
  INSERT INTO audit_events (seq, occurred_at, actor_type, actor_id, actor_label, action,
                            target_type, target_id, body, prev_hash, hash)
  VALUES (last_seq + 1, (doc->>'at')::timestamptz, doc->'actor'->>'type', doc->'actor'->>'id',
          doc->'actor'->>'label', doc->>'action', doc->'target'->>'type', doc->'target'->>'id',
          p_body, last_hash, new_hash);
  PERFORM set_config('vigil.audit_append', 'off', true);
  RETURN QUERY SELECT last_seq + 1, new_hash;
END $$;
