-- The audit log is append-only: no delete, and no update except erasing a payload (its hash stays,
-- so the chain still verifies). Checkpoints are never changed or removed.
CREATE FUNCTION mizan_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_entries' THEN
    IF NEW.payload IS NULL AND NEW.erased_at IS NOT NULL AND OLD.erased_at IS NULL
       AND (NEW.seq, NEW.at, NEW.actor_kind, NEW.actor_id, NEW.action, NEW.subject_type, NEW.subject_id,
            NEW.payload_hash, NEW.prev_hash, NEW.entry_hash)
           IS NOT DISTINCT FROM
           (OLD.seq, OLD.at, OLD.actor_kind, OLD.actor_id, OLD.action, OLD.subject_type, OLD.subject_id,
            OLD.payload_hash, OLD.prev_hash, OLD.entry_hash) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION mizan_audit_guard();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION mizan_audit_guard();
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_audit_guard();
