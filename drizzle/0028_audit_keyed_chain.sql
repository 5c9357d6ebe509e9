ALTER TABLE "audit_entries" ADD COLUMN "hash_scheme" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
-- The only way to erase a payload. It runs as the schema's owner, so the application's own role needs no right to
-- update the log at all; and it erases only an entry whose erasure is already recorded in the log.
CREATE FUNCTION mizan_erase_audit_payload(target bigint, erased timestamptz) RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_entries
                 WHERE action = 'audit.payload_erased' AND subject_type = 'audit_entry'
                   AND subject_id = target::text AND seq > target) THEN
    RAISE EXCEPTION 'audit entry %: record its erasure in the log first', target USING ERRCODE = 'insufficient_privilege';
  END IF;
  UPDATE audit_entries SET payload = NULL, erased_at = erased WHERE seq = target AND erased_at IS NULL;
  RETURN FOUND;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION mizan_erase_audit_payload(bigint, timestamptz) FROM PUBLIC;
