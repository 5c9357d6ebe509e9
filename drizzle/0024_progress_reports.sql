CREATE TABLE "progress_reports" (
	"period" text PRIMARY KEY NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"html_en" text NOT NULL,
	"html_ur" text NOT NULL,
	"pdf_en" uuid NOT NULL,
	"pdf_ur" uuid NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A published report is the record the AI Council received: it is never changed.
CREATE OR REPLACE FUNCTION mizan_refuse_report_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published progress reports cannot be changed or removed';
END $$;
--> statement-breakpoint
CREATE TRIGGER progress_reports_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON progress_reports
  FOR EACH STATEMENT EXECUTE FUNCTION mizan_refuse_report_change();
