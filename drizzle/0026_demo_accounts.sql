ALTER TABLE "users" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Accounts the demo seed made before the marker existed: every demo address is on this domain.
UPDATE "users" SET "demo" = true WHERE lower("email") LIKE '%@demo.mizan.pk';
