-- Register search in one vector, found and ranked by one index: the English and Urdu vectors joined, with the two
-- queries below that every search path uses, so that an index-ordered path (RUM on a server) and a sorting path
-- (GIN) agree on what matches and in what order.
--
-- What a search finds: the words as typed (websearch syntax), stemmed as English and normalised as Urdu.
CREATE OR REPLACE FUNCTION mizan_search_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT websearch_to_tsquery('english', mizan_unaccent(q)) || websearch_to_tsquery('simple', mizan_normalise_urdu(q)) $$;
--> statement-breakpoint
-- How what it finds is ranked: by every word searched for, joined by "or". For such a query, over a vector whose A
-- parts come first, RUM's score is ts_rank's times the number of words, up to rounding, so a RUM index returns the
-- matches in ts_rank's order (for "and" and phrases RUM ranks by covers, otherwise).
CREATE OR REPLACE FUNCTION mizan_rank_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT coalesce(string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || '''', ' | ' ORDER BY l), '')::tsquery
  FROM unnest(tsvector_to_array(to_tsvector('english', mizan_unaccent(q)) || to_tsvector('simple', mizan_normalise_urdu(q)))) AS l
$$;
--> statement-breakpoint
DROP INDEX "register_entries_search_en_idx";--> statement-breakpoint
DROP INDEX "register_entries_search_ur_idx";--> statement-breakpoint
ALTER TABLE "register_entries" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, mizan_unaccent(name_en || ' ' || summary_en)), 'A') || setweight(to_tsvector('simple'::regconfig, mizan_normalise_urdu(coalesce(name_ur, '') || ' ' || coalesce(summary_ur, ''))), 'A') || setweight(to_tsvector('english'::regconfig, mizan_unaccent(text_en)), 'D') || setweight(to_tsvector('simple'::regconfig, mizan_normalise_urdu(text_ur)), 'D')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "register_entries_search_idx" ON "register_entries" USING gin ("search");--> statement-breakpoint
ALTER TABLE "register_entries" DROP COLUMN "search_en";--> statement-breakpoint
ALTER TABLE "register_entries" DROP COLUMN "search_ur";