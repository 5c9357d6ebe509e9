CREATE TABLE "indicator_values" (
	"key" text NOT NULL,
	"on_date" date NOT NULL,
	"value" numeric NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "indicator_values_key_on_date_pk" PRIMARY KEY("key","on_date")
);
