CREATE TABLE "incident_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code_hash" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"locale" text NOT NULL,
	"state" text NOT NULL,
	"narrative" text NOT NULL,
	"occurred_on" date,
	"province" text,
	"district" text,
	"system_id" uuid,
	"system_text" text,
	"harm_kinds" text[] NOT NULL,
	"affected" text[] NOT NULL,
	"severity" text NOT NULL,
	"contact_sealed" text,
	"consent_to_contact" boolean DEFAULT false NOT NULL,
	CONSTRAINT "incident_reports_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_system_id_ai_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."ai_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_reports_received_idx" ON "incident_reports" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "incident_reports_state_idx" ON "incident_reports" USING btree ("state");