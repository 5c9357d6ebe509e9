-- Files refused for their problems, kept for their sender to page through and download, and forgotten after days.
CREATE TABLE "register_import_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"checked_by" uuid NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"filename" text NOT NULL,
	"format" text NOT NULL,
	"separator" text,
	"records" integer NOT NULL,
	"problems" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "register_import_checks" ADD CONSTRAINT "register_import_checks_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "register_import_checks_checked_at_idx" ON "register_import_checks" USING btree ("checked_at");