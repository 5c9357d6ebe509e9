-- Register search: misspelling fallback by trigrams, and one normalisation of Urdu text applied alike
-- to what is indexed and to what is searched for. Arabic letters typed on Arabic keyboards become their
-- Urdu forms (ي ى→ی, ك→ک, ه→ہ, ة→ۃ), Urdu and Arabic-Indic digits become ASCII, and diacritics
-- (U+064B–U+065F, U+0670), tatweel and the zero-width non-joiner are removed: translate() drops the
-- characters of its second argument that have no counterpart in the third.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION mizan_normalise_urdu(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate(t, 'يىكهة۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩ًٌٍَُِّْٰٕٖٜٟٓٔٗ٘ٙٚٛٝٞـ‌', 'ییکہۃ01234567890123456789') $$;
