CREATE TABLE "delivery_confidence_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rating_id" uuid NOT NULL,
	"comment" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_confidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_key" text NOT NULL,
	"period" text NOT NULL,
	"rating" text NOT NULL,
	"narrative" text NOT NULL,
	"risks" text,
	"help_needed" text,
	"rated_at" timestamp with time zone NOT NULL,
	"rated_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "delivery_confidence_challenges" ADD CONSTRAINT "delivery_confidence_challenges_rating_id_delivery_confidence_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."delivery_confidence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_confidence_challenges" ADD CONSTRAINT "delivery_confidence_challenges_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_confidence" ADD CONSTRAINT "delivery_confidence_item_key_policy_items_key_fk" FOREIGN KEY ("item_key") REFERENCES "public"."policy_items"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_confidence" ADD CONSTRAINT "delivery_confidence_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_confidence_item_idx" ON "delivery_confidence" USING btree ("item_key","rated_at");--> statement-breakpoint
-- A rating and its challenge are what was said when: a new one is a new row, never an overwrite.
CREATE OR REPLACE FUNCTION mizan_refuse_confidence_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'delivery confidence ratings and challenges are append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER delivery_confidence_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON delivery_confidence
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_confidence_change();
--> statement-breakpoint
CREATE TRIGGER delivery_confidence_challenges_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON delivery_confidence_challenges
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_confidence_change();
