CREATE TABLE "progress_measurement_parts" (
	"measurement_id" uuid NOT NULL,
	"province" text NOT NULL,
	"value" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "progress_measurement_parts" ADD CONSTRAINT "progress_measurement_parts_measurement_id_progress_measurements_id_fk" FOREIGN KEY ("measurement_id") REFERENCES "public"."progress_measurements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "progress_measurement_parts_idx" ON "progress_measurement_parts" USING btree ("measurement_id","province");--> statement-breakpoint
-- A figure's parts by province are part of the figure: never rewritten, like it.
CREATE OR REPLACE FUNCTION mizan_refuse_part_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a figure''s parts by province are append-only, like the figure: record a correction';
END $$;
--> statement-breakpoint
CREATE TRIGGER progress_measurement_parts_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON progress_measurement_parts
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_part_change();
