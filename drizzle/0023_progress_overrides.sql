CREATE TABLE "progress_status_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_key" text NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "progress_status_overrides" ADD CONSTRAINT "progress_status_overrides_item_key_policy_items_key_fk" FOREIGN KEY ("item_key") REFERENCES "public"."policy_items"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "progress_status_overrides" ADD CONSTRAINT "progress_status_overrides_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "progress_status_overrides_item_idx" ON "progress_status_overrides" USING btree ("item_key","at");--> statement-breakpoint
CREATE TRIGGER progress_status_overrides_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON progress_status_overrides
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_measurement_change();
