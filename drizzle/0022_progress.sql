CREATE TABLE "policy_items" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"pillars" integer[] NOT NULL,
	"definition" jsonb NOT NULL,
	"stakeholders" text[] NOT NULL,
	"deadline" date,
	"data_version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "progress_measurements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_key" text NOT NULL,
	"value" double precision NOT NULL,
	"measured_on" date NOT NULL,
	"source" text NOT NULL,
	"evidence_url" text,
	"note" text,
	"corrects" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "progress_measurements" ADD CONSTRAINT "progress_measurements_item_key_policy_items_key_fk" FOREIGN KEY ("item_key") REFERENCES "public"."policy_items"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_measurements" ADD CONSTRAINT "progress_measurements_corrects_progress_measurements_id_fk" FOREIGN KEY ("corrects") REFERENCES "public"."progress_measurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_measurements" ADD CONSTRAINT "progress_measurements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policy_items_kind_idx" ON "policy_items" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "progress_measurements_item_idx" ON "progress_measurements" USING btree ("item_key","measured_on");--> statement-breakpoint
-- Measurements are the tracker's record: a correction is a new entry, never an overwrite.
CREATE OR REPLACE FUNCTION mizan_refuse_measurement_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'progress measurements cannot be changed or removed: record a correction';
END $$;
--> statement-breakpoint
CREATE TRIGGER progress_measurements_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON progress_measurements
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_measurement_change();
