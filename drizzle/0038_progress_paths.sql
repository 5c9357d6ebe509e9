CREATE TABLE "progress_paths" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_key" text NOT NULL,
	"baseline_value" double precision NOT NULL,
	"baseline_on" date NOT NULL,
	"baseline_source" text NOT NULL,
	"milestones" jsonb NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	"set_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "progress_paths" ADD CONSTRAINT "progress_paths_item_key_policy_items_key_fk" FOREIGN KEY ("item_key") REFERENCES "public"."policy_items"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_paths" ADD CONSTRAINT "progress_paths_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "progress_paths_item_idx" ON "progress_paths" USING btree ("item_key","set_at");--> statement-breakpoint
-- A path is what the Cell said when: a new one is a new row, never an overwrite.
CREATE OR REPLACE FUNCTION mizan_refuse_path_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'progress paths are append-only: set a new one';
END $$;
--> statement-breakpoint
CREATE TRIGGER progress_paths_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON progress_paths
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_path_change();
