ALTER TABLE "register_imports" ADD COLUMN "format" text DEFAULT 'csv' NOT NULL;--> statement-breakpoint
ALTER TABLE "register_imports" ADD COLUMN "separator" text;