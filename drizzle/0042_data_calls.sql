CREATE TABLE "data_call_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"days_before" integer,
	"sent_at" timestamp with time zone NOT NULL,
	"sent_by" uuid
);
--> statement-breakpoint
CREATE TABLE "data_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period" text NOT NULL,
	"due_on" date NOT NULL,
	"message" text,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" uuid NOT NULL,
	CONSTRAINT "data_calls_period_unique" UNIQUE("period")
);
--> statement-breakpoint
ALTER TABLE "data_call_notices" ADD CONSTRAINT "data_call_notices_call_id_data_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."data_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_call_notices" ADD CONSTRAINT "data_call_notices_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_call_notices" ADD CONSTRAINT "data_call_notices_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_calls" ADD CONSTRAINT "data_calls_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_call_notices_call_idx" ON "data_call_notices" USING btree ("call_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_call_notices_round_idx" ON "data_call_notices" USING btree ("call_id","organisation_id","kind","days_before") WHERE sent_by is null;--> statement-breakpoint
-- A call and its notices are what was asked and sent, when: never rewritten.
CREATE OR REPLACE FUNCTION mizan_refuse_data_call_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'data calls and their notices are append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER data_calls_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON data_calls
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_data_call_change();
--> statement-breakpoint
CREATE TRIGGER data_call_notices_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON data_call_notices
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_data_call_change();
