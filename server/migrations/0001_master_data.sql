CREATE TABLE "master_history" (
	"store_id" text NOT NULL,
	"change_seq" bigint NOT NULL,
	"n" integer NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"field" text NOT NULL,
	"lost" text NOT NULL,
	"lost_origin" text NOT NULL,
	"won" text NOT NULL,
	"won_origin" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "master_history_store_id_change_seq_n_pk" PRIMARY KEY("store_id","change_seq","n")
);
--> statement-breakpoint
CREATE TABLE "master_records" (
	"store_id" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"fields" text NOT NULL,
	"origins" text NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"change_seq" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "master_records_store_id_entity_entity_id_pk" PRIMARY KEY("store_id","entity","entity_id")
);
--> statement-breakpoint
CREATE TABLE "master_seq" (
	"store_id" text PRIMARY KEY NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "master_history_record" ON "master_history" USING btree ("store_id","entity","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "master_records_feed" ON "master_records" USING btree ("store_id","change_seq");