CREATE TABLE "alerts" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"kind" text NOT NULL,
	"seq" integer NOT NULL,
	"details" text NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "alerts_store_id_device_id_kind_seq_pk" PRIMARY KEY("store_id","device_id","kind","seq")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"store_id" text NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"details" text DEFAULT '{}' NOT NULL,
	CONSTRAINT "audit_log_store_id_id_pk" PRIMARY KEY("store_id","id")
);
--> statement-breakpoint
CREATE TABLE "closings" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"closing_id" text NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"seq" integer NOT NULL,
	"at" text NOT NULL,
	"sales_total" bigint NOT NULL,
	"refunds_total" bigint NOT NULL,
	"period_grand_total" bigint NOT NULL,
	"perpetual_grand_total" bigint NOT NULL,
	"seal" text,
	CONSTRAINT "closings_store_id_device_id_closing_id_pk" PRIMARY KEY("store_id","device_id","closing_id")
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"till_name" text NOT NULL,
	"token_hash" text NOT NULL,
	"public_key_pem" text NOT NULL,
	"ack_seq" integer DEFAULT 0 NOT NULL,
	"ack_hash" text NOT NULL,
	"refused" text,
	"till_head_seq" integer DEFAULT 0 NOT NULL,
	"pending" integer DEFAULT 0 NOT NULL,
	"last_seen_at" timestamp with time zone,
	"last_stored_at" timestamp with time zone,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "devices_store_id_device_id_pk" PRIMARY KEY("store_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "drawer_sessions" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"session_id" text NOT NULL,
	"number" integer,
	"float" bigint,
	"opened_at" text,
	"closed_at" text,
	"expected" bigint,
	"counted" bigint,
	"over_short" bigint,
	"z_number" integer,
	CONSTRAINT "drawer_sessions_store_id_device_id_session_id_pk" PRIMARY KEY("store_id","device_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "enrol_codes" (
	"store_id" text NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrol_codes_store_id_code_hash_pk" PRIMARY KEY("store_id","code_hash")
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"seq" integer NOT NULL,
	"id" text NOT NULL,
	"at" text NOT NULL,
	"actor" text NOT NULL,
	"type" text NOT NULL,
	"payload" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entries_store_id_device_id_seq_pk" PRIMARY KEY("store_id","device_id","seq")
);
--> statement-breakpoint
CREATE TABLE "hq_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hq_users" (
	"username" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"stores" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"seq" integer NOT NULL,
	"n" integer NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"method" text NOT NULL,
	"amount" bigint NOT NULL,
	"at" text NOT NULL,
	CONSTRAINT "payments_store_id_device_id_seq_n_pk" PRIMARY KEY("store_id","device_id","seq","n")
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"seq" integer NOT NULL,
	"sale_id" text NOT NULL,
	"channel" text NOT NULL,
	"amount" bigint,
	"at" text NOT NULL,
	CONSTRAINT "refunds_store_id_device_id_seq_pk" PRIMARY KEY("store_id","device_id","seq")
);
--> statement-breakpoint
CREATE TABLE "sales" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"sale_id" text NOT NULL,
	"receipt_number" integer NOT NULL,
	"business_date" text NOT NULL,
	"currency" text NOT NULL,
	"subtotal" bigint NOT NULL,
	"tax_total" bigint NOT NULL,
	"total" bigint NOT NULL,
	"status" text NOT NULL,
	"seq" integer NOT NULL,
	"at" text NOT NULL,
	CONSTRAINT "sales_store_id_device_id_sale_id_pk" PRIMARY KEY("store_id","device_id","sale_id")
);
--> statement-breakpoint
CREATE TABLE "stores" (
	"store_id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"time_zone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "z_reports" (
	"store_id" text NOT NULL,
	"device_id" text NOT NULL,
	"z_number" integer NOT NULL,
	"session_id" text NOT NULL,
	"seq" integer NOT NULL,
	"at" text NOT NULL,
	"expected" bigint NOT NULL,
	"counted" bigint NOT NULL,
	"over_short" bigint NOT NULL,
	"sales_total" bigint NOT NULL,
	"refunds_total" bigint NOT NULL,
	"seal" text,
	CONSTRAINT "z_reports_store_id_device_id_z_number_pk" PRIMARY KEY("store_id","device_id","z_number")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "devices_token" ON "devices" USING btree ("store_id","token_hash");--> statement-breakpoint
CREATE INDEX "sales_by_day" ON "sales" USING btree ("store_id","business_date");