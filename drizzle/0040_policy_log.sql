CREATE TABLE "policy_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"item_key" text,
	"title" text NOT NULL,
	"detail" text NOT NULL,
	"severity" text,
	"owner" text,
	"escalated" boolean NOT NULL,
	"resolves" uuid,
	"operative_target" text,
	"decided_on" date,
	"reference" text,
	"raised_at" timestamp with time zone NOT NULL,
	"raised_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policy_log" ADD CONSTRAINT "policy_log_item_key_policy_items_key_fk" FOREIGN KEY ("item_key") REFERENCES "public"."policy_items"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_log" ADD CONSTRAINT "policy_log_resolves_policy_log_id_fk" FOREIGN KEY ("resolves") REFERENCES "public"."policy_log"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_log" ADD CONSTRAINT "policy_log_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policy_log_item_idx" ON "policy_log" USING btree ("item_key","raised_at");--> statement-breakpoint
-- The log is the record of what was raised and decided when: a decision is a new entry, never an edit.
CREATE OR REPLACE FUNCTION mizan_refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the policy log is append-only: record a decision that resolves the entry';
END $$;
--> statement-breakpoint
CREATE TRIGGER policy_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON policy_log
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_log_change();
