CREATE TABLE "work_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"title_key" text NOT NULL,
	"title_vars" jsonb NOT NULL,
	"link" text NOT NULL,
	"assignee_user_id" uuid,
	"assignee_role" text,
	"organisation_id" uuid,
	"due_on" date,
	"urgency" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "work_items_open_subject_idx" ON "work_items" USING btree ("kind","subject_type","subject_id") WHERE closed_at is null;--> statement-breakpoint
CREATE INDEX "work_items_assignee_idx" ON "work_items" USING btree ("assignee_user_id");--> statement-breakpoint
CREATE INDEX "work_items_role_idx" ON "work_items" USING btree ("assignee_role","organisation_id");