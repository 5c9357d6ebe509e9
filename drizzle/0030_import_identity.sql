ALTER TABLE "ai_systems" ADD COLUMN "reference" text;--> statement-breakpoint
ALTER TABLE "register_imports" ADD COLUMN "changed" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "register_imports" ADD COLUMN "unchanged" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "register_imports" ADD COLUMN "warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ai_systems_reference_idx" ON "ai_systems" USING btree ("organisation_id","reference");