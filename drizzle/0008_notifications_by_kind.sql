ALTER TABLE "notifications" ADD COLUMN "kind" text NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "vars" jsonb NOT NULL;