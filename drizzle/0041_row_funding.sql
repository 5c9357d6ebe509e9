CREATE TABLE "row_funding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_key" text NOT NULL,
	"fiscal_year" text NOT NULL,
	"allocated_paisa" bigint NOT NULL,
	"released_paisa" bigint NOT NULL,
	"spent_paisa" bigint NOT NULL,
	"source" text NOT NULL,
	"evidence_url" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "row_funding" ADD CONSTRAINT "row_funding_item_key_policy_items_key_fk" FOREIGN KEY ("item_key") REFERENCES "public"."policy_items"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "row_funding" ADD CONSTRAINT "row_funding_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "row_funding_item_idx" ON "row_funding" USING btree ("item_key","fiscal_year","recorded_at");--> statement-breakpoint
-- Money recorded is what a document said when: a correction is a new entry, never an overwrite.
CREATE OR REPLACE FUNCTION mizan_refuse_funding_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'row funding is append-only: record the new figures';
END $$;
--> statement-breakpoint
CREATE TRIGGER row_funding_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON row_funding
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_funding_change();
