CREATE TABLE "public_generation" (
	"id" integer PRIMARY KEY NOT NULL,
	"generation" bigint NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Counts a change to what public pages show, in the changing transaction: a page kept for generation n is right for as
-- long as the count is n. The triggers calling it are put on every table but the private ones after each migration
-- (publicChangeTriggers in src/db/engine.ts), so a table added later is covered without anyone remembering to.
CREATE OR REPLACE FUNCTION mizan_public_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public_generation (id, generation, changed_at) VALUES (1, 1, now())
    ON CONFLICT (id) DO UPDATE SET generation = public_generation.generation + 1, changed_at = now();
  RETURN NULL;
END $$;
