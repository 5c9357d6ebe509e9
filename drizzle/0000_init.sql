CREATE TABLE "rate_limit_hits" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"resets_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_pillars" (
	"number" integer PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title_en" text NOT NULL,
	"title_ur" text NOT NULL,
	"summary_en" text NOT NULL,
	"summary_ur" text NOT NULL,
	"source_clause" text NOT NULL,
	CONSTRAINT "policy_pillars_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "feedback_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"locale" text NOT NULL,
	"topic" text NOT NULL,
	"page_url" text,
	"message" text NOT NULL,
	"contact_sealed" text,
	"status" text DEFAULT 'new' NOT NULL
);
--> statement-breakpoint
CREATE INDEX "feedback_messages_received_at_idx" ON "feedback_messages" USING btree ("received_at");