-- An issued questionnaire is what its assessments answered: it is never changed or removed, only followed by a new
-- version. The application's role also loses the right to (see APPEND_ONLY_TABLES).
CREATE OR REPLACE FUNCTION mizan_refuse_questionnaire_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issued questionnaires are append-only: issue a new version instead';
END $$;
--> statement-breakpoint
CREATE TRIGGER questionnaires_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON questionnaires
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_questionnaire_change();
