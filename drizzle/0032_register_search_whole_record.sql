-- Register search over the whole record. Latin accents are folded alike in what is indexed and what is searched
-- for ("naive" finds "naïve"), through an immutable wrapper so that generated columns may use unaccent. The name and
-- summary weigh most (A); every other long text of the record, and the body's name, is found too (D).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mizan_unaccent(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT unaccent('unaccent'::regdictionary, t) $$;
--> statement-breakpoint
-- The text beside the name and summary, as the register now indexes it, for every published version.
UPDATE "register_entries" e SET
  "text_en" = concat_ws(E'\n', v.record->>'descriptionEn', v.record->>'problemEn', v.record->>'processReplacedEn', v.record->>'alternativesEn', v.record->>'legalBasisEn', v.record->>'oversightEn', v.record->>'appealEn', v.record->>'affectedEn', v.record->>'dataSourcesEn', v.record->>'dataSharingEn', v.record->>'retentionEn', v.record->>'openSourceEn', v.record->>'risksEn', v.record->>'mitigationsEn', o.name_en),
  "text_ur" = concat_ws(E'\n', v.record->>'descriptionUr', v.record->>'problemUr', v.record->>'processReplacedUr', v.record->>'alternativesUr', v.record->>'legalBasisUr', v.record->>'oversightUr', v.record->>'appealUr', v.record->>'affectedUr', v.record->>'dataSourcesUr', v.record->>'dataSharingUr', v.record->>'retentionUr', v.record->>'openSourceUr', v.record->>'risksUr', v.record->>'mitigationsUr', o.name_ur)
FROM "ai_system_versions" v, "organisations" o
WHERE v.system_id = e.system_id AND v.version = e.version AND o.id = e.organisation_id;
--> statement-breakpoint
ALTER TABLE "register_entries" DROP COLUMN "search_en";--> statement-breakpoint
ALTER TABLE "register_entries" ADD COLUMN "search_en" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, mizan_unaccent(name_en || ' ' || summary_en)), 'A') || setweight(to_tsvector('english'::regconfig, mizan_unaccent(text_en)), 'D')) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "register_entries" DROP COLUMN "search_ur";--> statement-breakpoint
ALTER TABLE "register_entries" ADD COLUMN "search_ur" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, mizan_normalise_urdu(coalesce(name_ur, '') || ' ' || coalesce(summary_ur, ''))), 'A') || setweight(to_tsvector('simple'::regconfig, mizan_normalise_urdu(text_ur)), 'D')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "register_entries_search_en_idx" ON "register_entries" USING gin ("search_en");--> statement-breakpoint
CREATE INDEX "register_entries_search_ur_idx" ON "register_entries" USING gin ("search_ur");
