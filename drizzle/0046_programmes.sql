CREATE TABLE "fund_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"amount_paisa" bigint NOT NULL,
	"due_on" date NOT NULL,
	CONSTRAINT "fund_milestones_amount" CHECK ("fund_milestones"."amount_paisa" > 0)
);
--> statement-breakpoint
CREATE TABLE "fund_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"milestone_id" uuid NOT NULL,
	"amount_paisa" bigint NOT NULL,
	"state" text NOT NULL,
	"note" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" uuid,
	"staff_at" timestamp with time zone,
	"staff_by" uuid,
	"finance_at" timestamp with time zone,
	"finance_by" uuid,
	"paid_at" timestamp with time zone,
	"paid_by" uuid,
	"reason" text,
	CONSTRAINT "fund_payments_amount" CHECK ("fund_payments"."amount_paisa" > 0)
);
--> statement-breakpoint
CREATE TABLE "fund_years" (
	"fiscal_year" text PRIMARY KEY NOT NULL,
	"ignite_rnd_paisa" bigint NOT NULL,
	"naif_paisa" bigint NOT NULL,
	"source" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "fund_years_money" CHECK ("fund_years"."ignite_rnd_paisa" > 0 and "fund_years"."naif_paisa" >= 0)
);
--> statement-breakpoint
CREATE TABLE "programme_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"title_en" text NOT NULL,
	"title_ur" text,
	"summary_en" text NOT NULL,
	"summary_ur" text,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"province" text NOT NULL,
	"answers" jsonb NOT NULL,
	"supervisor_id" uuid,
	"endorsed_at" timestamp with time zone,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "programme_budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item" text NOT NULL,
	"amount_paisa" bigint NOT NULL,
	CONSTRAINT "programme_budget_lines_amount" CHECK ("programme_budget_lines"."amount_paisa" > 0)
);
--> statement-breakpoint
CREATE TABLE "programme_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme" text NOT NULL,
	"scheme" text NOT NULL,
	"title_en" text NOT NULL,
	"title_ur" text,
	"theme_en" text NOT NULL,
	"theme_ur" text,
	"priority_sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"cap_paisa" bigint,
	"budget_paisa" bigint,
	"places" integer,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	CONSTRAINT "programme_calls_window" CHECK ("programme_calls"."closes_at" > "programme_calls"."opens_at"),
	CONSTRAINT "programme_calls_money" CHECK (coalesce("programme_calls"."cap_paisa", 1) > 0 and coalesce("programme_calls"."budget_paisa", 1) > 0)
);
--> statement-breakpoint
CREATE TABLE "programme_consensus" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"rapporteur_id" uuid NOT NULL,
	"scores" jsonb NOT NULL,
	"report_en" text NOT NULL,
	"report_ur" text,
	"written_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_decisions" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"amount_paisa" bigint,
	"reason_en" text NOT NULL,
	"reason_ur" text,
	"decided_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	CONSTRAINT "programme_decisions_amount" CHECK ("programme_decisions"."amount_paisa" is null or "programme_decisions"."amount_paisa" > 0)
);
--> statement-breakpoint
CREATE TABLE "programme_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_outputs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"count" integer DEFAULT 1 NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "programme_redress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"ground" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" uuid NOT NULL,
	"answer" text,
	"upheld" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid
);
--> statement-breakpoint
CREATE TABLE "programme_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"final" text NOT NULL,
	"body" text,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid
);
--> statement-breakpoint
CREATE TABLE "programme_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"state" text NOT NULL,
	"conflict" text,
	"conflict_note" text,
	"declared_at" timestamp with time zone,
	"scores" jsonb NOT NULL,
	"recommendation" text,
	"submitted_at" timestamp with time zone,
	"assigned_at" timestamp with time zone NOT NULL,
	"assigned_by" uuid
);
--> statement-breakpoint
CREATE TABLE "sandbox_exits" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"outcome" text NOT NULL,
	"activities" text NOT NULL,
	"results" text NOT NULL,
	"lessons" text NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	"written_by" uuid,
	"participant_consent_at" timestamp with time zone,
	"directorate_consent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_plans" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"conditions" text NOT NULL,
	"parameters" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"contacts" text NOT NULL,
	"state" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"proposed_by" uuid,
	"participant_accepted_at" timestamp with time zone,
	"participant_accepted_by" uuid,
	"suspension_reason" text
);
--> statement-breakpoint
ALTER TABLE "fund_milestones" ADD CONSTRAINT "fund_milestones_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_milestone_id_fund_milestones_id_fk" FOREIGN KEY ("milestone_id") REFERENCES "public"."fund_milestones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_staff_by_users_id_fk" FOREIGN KEY ("staff_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_finance_by_users_id_fk" FOREIGN KEY ("finance_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_payments" ADD CONSTRAINT "fund_payments_paid_by_users_id_fk" FOREIGN KEY ("paid_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fund_years" ADD CONSTRAINT "fund_years_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_call_id_programme_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."programme_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_budget_lines" ADD CONSTRAINT "programme_budget_lines_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_calls" ADD CONSTRAINT "programme_calls_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_calls" ADD CONSTRAINT "programme_calls_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_consensus" ADD CONSTRAINT "programme_consensus_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_consensus" ADD CONSTRAINT "programme_consensus_rapporteur_id_users_id_fk" FOREIGN KEY ("rapporteur_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_decisions" ADD CONSTRAINT "programme_decisions_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_decisions" ADD CONSTRAINT "programme_decisions_call_id_programme_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."programme_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_decisions" ADD CONSTRAINT "programme_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_notes" ADD CONSTRAINT "programme_notes_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_notes" ADD CONSTRAINT "programme_notes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_outputs" ADD CONSTRAINT "programme_outputs_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_outputs" ADD CONSTRAINT "programme_outputs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_redress" ADD CONSTRAINT "programme_redress_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_redress" ADD CONSTRAINT "programme_redress_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_redress" ADD CONSTRAINT "programme_redress_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD CONSTRAINT "programme_reports_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reports" ADD CONSTRAINT "programme_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reviews" ADD CONSTRAINT "programme_reviews_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reviews" ADD CONSTRAINT "programme_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_reviews" ADD CONSTRAINT "programme_reviews_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_exits" ADD CONSTRAINT "sandbox_exits_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_exits" ADD CONSTRAINT "sandbox_exits_written_by_users_id_fk" FOREIGN KEY ("written_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_plans" ADD CONSTRAINT "sandbox_plans_application_id_programme_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."programme_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_plans" ADD CONSTRAINT "sandbox_plans_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_plans" ADD CONSTRAINT "sandbox_plans_participant_accepted_by_users_id_fk" FOREIGN KEY ("participant_accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fund_milestones_position_idx" ON "fund_milestones" USING btree ("application_id","position");--> statement-breakpoint
CREATE INDEX "fund_payments_milestone_idx" ON "fund_payments" USING btree ("milestone_id");--> statement-breakpoint
CREATE INDEX "programme_applications_call_idx" ON "programme_applications" USING btree ("call_id","state");--> statement-breakpoint
CREATE INDEX "programme_applications_organisation_idx" ON "programme_applications" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_budget_lines_position_idx" ON "programme_budget_lines" USING btree ("application_id","position");--> statement-breakpoint
CREATE INDEX "programme_calls_programme_idx" ON "programme_calls" USING btree ("programme","closes_at");--> statement-breakpoint
CREATE INDEX "programme_decisions_call_idx" ON "programme_decisions" USING btree ("call_id","outcome");--> statement-breakpoint
CREATE INDEX "programme_notes_application_idx" ON "programme_notes" USING btree ("application_id","created_at");--> statement-breakpoint
CREATE INDEX "programme_outputs_application_idx" ON "programme_outputs" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "programme_redress_application_idx" ON "programme_redress" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "programme_reports_application_idx" ON "programme_reports" USING btree ("application_id","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "programme_reviews_reviewer_idx" ON "programme_reviews" USING btree ("application_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "programme_reviews_reviewer_only_idx" ON "programme_reviews" USING btree ("reviewer_id");