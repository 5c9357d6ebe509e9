CREATE TABLE "questionnaire_retirements" (
	"questionnaire_id" uuid PRIMARY KEY NOT NULL,
	"retired_at" timestamp with time zone NOT NULL,
	"retired_by" uuid,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "questionnaire_retirements" ADD CONSTRAINT "questionnaire_retirements_questionnaire_id_questionnaires_id_fk" FOREIGN KEY ("questionnaire_id") REFERENCES "public"."questionnaires"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_retirements" ADD CONSTRAINT "questionnaire_retirements_retired_by_users_id_fk" FOREIGN KEY ("retired_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A retirement is part of the record of what bodies could answer when: never changed or removed. The application's
-- role also loses the right to (see APPEND_ONLY_TABLES).
CREATE OR REPLACE FUNCTION mizan_refuse_retirement_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'questionnaire retirements are append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER questionnaire_retirements_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON questionnaire_retirements
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_retirement_change();
