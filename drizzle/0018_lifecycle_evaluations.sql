CREATE TABLE "lifecycle_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"system_id" uuid NOT NULL,
	"state" text NOT NULL,
	"period_from" date,
	"period_to" date,
	"performance" text,
	"fairness" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"incidents" text,
	"changes" text,
	"recommendation" text,
	"review_comment" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
ALTER TABLE "lifecycle_evaluations" ADD CONSTRAINT "lifecycle_evaluations_system_id_ai_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."ai_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_evaluations" ADD CONSTRAINT "lifecycle_evaluations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_evaluations" ADD CONSTRAINT "lifecycle_evaluations_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lifecycle_evaluations" ADD CONSTRAINT "lifecycle_evaluations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lifecycle_evaluations_system_idx" ON "lifecycle_evaluations" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "lifecycle_evaluations_state_idx" ON "lifecycle_evaluations" USING btree ("state");