-- The language a published record's text is written in (ISO 639), for the lists and search results that show its
-- name and summary marked with the right lang and dir. Records that name none are in English.
ALTER TABLE "register_entries" ADD COLUMN "text_language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
UPDATE "register_entries" e SET "text_language" = v.record->>'textLanguage'
FROM "ai_system_versions" v
WHERE v.system_id = e.system_id AND v.version = e.version AND v.record ? 'textLanguage';
